import { runCli } from "./cli-run.ts";
import { processIo } from "./cli-io.ts";

runCli(process.argv.slice(2), processIo).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
