import { describe, expect, it } from "vitest";
import { anchorOf, scrollTopHolding, scrollTopRevealing, type TableView } from "./traceTableScroll";

const rowHeight = 36;
const ids = (...names: string[]) => names;
const rowsNamed = (count: number, prefix = "r") => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const view = (over: Partial<TableView>): TableView => ({ ids: rowsNamed(60), scrollTop: 0, viewportHeight: 360, rowHeight, selectedId: null, ...over });

/** Where the anchor row ends up after `next` replaces the rows, as the table applies it. */
function scrollAfter(before: TableView, next: readonly string[]): number | null {
  const anchor = anchorOf(before);
  return anchor && scrollTopHolding(anchor, next, rowHeight);
}

describe("keeping the user's place when rows arrive", () => {
  it("lets new rows show at the top when the list is at its top and nothing is selected", () => {
    expect(anchorOf(view({ scrollTop: 0 }))).toBeNull();
  });

  it("holds the selected row in place even at the top: two new rows above scroll by two rows", () => {
    const before = view({ scrollTop: 0, selectedId: "r3" });
    expect(anchorOf(before)).toEqual({ id: "r3", offset: 3 * rowHeight });
    expect(scrollAfter(before, ["n1", "n0", ...before.ids])).toBe(2 * rowHeight);
  });

  it("holds the first row in view when scrolled with nothing selected, keeping a part-scrolled row's offset", () => {
    const before = view({ scrollTop: 400 }); // row 11 starts at 396: 4 px of it are above the view
    expect(anchorOf(before)).toEqual({ id: "r11", offset: -4 });
    expect(scrollAfter(before, ["new", ...before.ids])).toBe(436);
  });

  it("anchors on the first row in view when the selected row is scrolled out of view", () => {
    expect(anchorOf(view({ scrollTop: 720, selectedId: "r2" }))?.id).toBe("r20");
    expect(anchorOf(view({ scrollTop: 0, selectedId: "r30" }))).toEqual({ id: "r0", offset: 0 });
  });

  it("follows the anchor row wherever it went, not just by the count of rows added on top", () => {
    const before = view({ ids: ids("a", "b", "c", "d", "e", "f", "g"), scrollTop: 36, viewportHeight: 72, selectedId: "c" });
    // "c" was at 72 - 36 = 36 px from the top of the view; now it is row 4 (144), so the view starts at 108.
    expect(scrollAfter(before, ids("x", "a", "y", "b", "c", "d", "e", "f", "g"))).toBe(108);
  });

  it("changes nothing for rows updated in place or appended below", () => {
    const before = view({ scrollTop: 500, selectedId: "r15" });
    expect(scrollAfter(before, before.ids)).toBe(500);
    expect(scrollAfter(before, [...before.ids, ...rowsNamed(100, "older")])).toBe(500);
  });

  it("lets go when the anchor row is gone (a different list)", () => {
    expect(scrollAfter(view({ scrollTop: 500 }), rowsNamed(60, "other"))).toBeNull();
    expect(anchorOf(view({ ids: [], scrollTop: 0, selectedId: "r1" }))).toBeNull();
  });
});

describe("revealing a row moved to with the keyboard", () => {
  it("leaves the view alone when the row is already in it", () => {
    expect(scrollTopRevealing(5, rowHeight, 100, 360)).toBe(100);
  });

  it("scrolls up to a row above the view and down just far enough for a row below it", () => {
    expect(scrollTopRevealing(2, rowHeight, 400, 360)).toBe(72);
    expect(scrollTopRevealing(22, rowHeight, 400, 360)).toBe(23 * rowHeight - 360);
  });
});
