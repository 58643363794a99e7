/**
 * The ids of the tabs in a layout, in document order, each once: the choices for where the new
 * tab goes. Tabs inside comments (the stock layout keeps commented-out ones) are not offered.
 * A light scan rather than a parse: it runs on every edit, and the findings come from the library.
 */
export function tabIdsIn(xml: string): string[] {
  const ids = new Set<string>();
  const pattern = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<(?:[\w.-]+:)?tab(?:\s[^>]*)?>\s*(?:<!--[\s\S]*?-->\s*)*<(?:[\w.-]+:)?id(?:\s[^>]*)?>([^<]*)</g;
  for (const match of xml.matchAll(pattern)) {
    const id = match[1]?.trim();
    if (id) ids.add(id);
  }
  return [...ids];
}
