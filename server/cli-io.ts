/** What a CLI command may touch, passed in so tests read its output without spawning processes. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
}

export const processIo: CliIo = {
  out: (l) => process.stdout.write(l + "\n"),
  err: (l) => process.stderr.write(l + "\n"),
  env: process.env,
};

export class UsageError extends Error {
  override name = "UsageError";
}
