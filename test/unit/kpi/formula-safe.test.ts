import { describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { toCsv, toXlsx } from "../../../server/kpi/table.ts";

// An agency or service name is written by people; in a spreadsheet "=HYPERLINK(...)"
// would run. Every text cell that a spreadsheet would read as a formula is neutralised.
const table = {
  headers: ["الجهة", "=cmd|' /C calc'!A0"],
  rows: [
    ['=HYPERLINK("http://evil.example","x")', 5],
    ["+1+1", -3],
    ["-2+3", 0],
    ["@SUM(A1)", null],
    ["\tTAB", 1],
    ["\rCR", 1],
    ["وزارة الصحة", 2],
  ] as (string | number | null)[][],
};

describe("exports are formula-safe", () => {
  it("CSV cells starting with = + - @ tab or CR are prefixed; numbers are untouched", () => {
    const csv = toCsv(table);
    const lines = csv.slice(1).split("\r\n");
    expect(lines[0]).toBe(`الجهة,'=cmd|' /C calc'!A0`);
    expect(lines[1]!.startsWith(`"'=HYPERLINK(`)).toBe(true);
    expect(lines[2]).toBe("'+1+1,-3");
    expect(lines[3]).toBe("'-2+3,0");
    expect(lines[4]).toBe("'@SUM(A1),");
    expect(lines[5]).toBe("'\tTAB,1");
    expect(lines[6]).toBe(`"'\rCR",1`);
    expect(lines[7]).toBe("وزارة الصحة,2");
  });

  it("XLSX text cells the same", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await toXlsx(table, { sheet: "s", title: "t", rtl: true })) as never);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(3).getCell(1).value).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(ws.getRow(4).getCell(2).value).toBe(-3);
    expect(ws.getRow(2).getCell(2).value).toBe(`'=cmd|' /C calc'!A0`);
  });
});
