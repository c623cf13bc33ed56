// Runs inside the page (bundled by the harness, installed with addInitScript, like the bridge).
// While a step's screenshot is compared, it holds steady what the machine picked rather than the
// window: the test's random temp folder and the loop device numbers the kernel handed out are shown
// under fixed names, and drives that are not the test's own (another suite's loop devices, a stick
// that happens to be plugged in) are hidden. It keeps doing so as the window re-renders (a
// MutationObserver), and release() puts back exactly what the window shows.

export interface SteadySpec {
  /** Text the machine chose → what the screenshot shows instead. */
  names: Record<string, string>;
  /** Devices of the test's own drives: every other drive row is hidden. */
  own: string[];
}

interface SteadyWindow {
  __imprintSteady?: { hold(spec: SteadySpec): void; release(): void };
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let release: (() => void) | null = null;

function hold(spec: SteadySpec): void {
  release?.();
  const keys = Object.keys(spec.names).sort((a, b) => b.length - a.length);
  // Never followed by a digit: /dev/loop1 is not the start of /dev/loop12.
  const pattern = keys.length > 0 ? new RegExp(`(?:${keys.map(escape).join('|')})(?![0-9])`, 'g') : null;
  const own = new Set(spec.own);
  const real = new Map<Text, string>();
  const shown = new WeakMap<Text, string>();
  const hidden = new Set<HTMLElement>();

  const steadyText = (node: Text): void => {
    const text = node.nodeValue ?? '';
    if (pattern === null || shown.get(node) === text) return; // nothing to do, or our own write
    const steady = text.replace(pattern, (name) => spec.names[name] ?? name);
    if (steady === text) return;
    real.set(node, text);
    shown.set(node, steady);
    node.nodeValue = steady;
  };
  const scan = (root: Node): void => {
    if (root instanceof Text) return steadyText(root);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) steadyText(node as Text);
  };
  const hideForeignDrives = (): void => {
    for (const row of document.querySelectorAll<HTMLElement>('li.drive[data-device]')) {
      if (own.has(row.dataset.device ?? '') || hidden.has(row)) continue;
      // CSSOM, not a style attribute: the page's CSP forbids inline styles, not this.
      row.style.setProperty('display', 'none', 'important');
      hidden.add(row);
    }
  };

  scan(document.body);
  hideForeignDrives();
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'characterData' && record.target instanceof Text) steadyText(record.target);
      else record.addedNodes.forEach(scan);
    }
    hideForeignDrives();
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true });

  release = () => {
    observer.disconnect();
    // `real` holds the latest text the window put in each node (the observer kept it up to date).
    for (const [node, text] of real) if (node.nodeValue === shown.get(node)) node.nodeValue = text;
    for (const row of hidden) row.style.removeProperty('display');
    release = null;
  };
}

(window as unknown as SteadyWindow).__imprintSteady = {
  hold,
  release: () => release?.(),
};
