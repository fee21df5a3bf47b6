// Norwegian for the few messages marimo's frontend shows that no setting reaches: its file
// upload toasts (the picker refuses a file over the size limit before it is sent). Text nodes
// are rewritten in place as they appear; everything else is left alone.
(() => {
  if (window.__axosNb) return;
  window.__axosNb = true;
  // As filestore.human_size writes sizes (decimal units, one decimal): 1,0 MB, 14,2 kB.
  const size = (bytes) => {
    const n = Number(bytes);
    if (n < 1e3) return `${n} B`;
    const [value, unit] = n < 1e6 ? [n / 1e3, "kB"] : [n / 1e6, "MB"];
    return `${value.toFixed(1).replace(".", ",")} ${unit}`;
  };
  const rules = [
    [/^File upload failed$/, () => "Filen ble ikke lastet opp"],
    [/^Files failed to upload$/, () => "Filene ble ikke lastet opp"],
    [/^(\d+) of (\d+) files uploaded$/, (m) => `${m[1]} av ${m[2]} filer lastet opp`],
    [/File is larger than (\d+) bytes?/g, (m) => `filen er større enn grensen på ${size(m[1])}`],
    [/File is smaller than (\d+) bytes?/g, () => "filen er tom"],
    [/Too many files/g, () => "for mange filer"],
    [/File type must be (.*)/g, (m) => `filtypen må være ${m[1]}`],
  ];
  const translate = (node) => {
    const before = node.nodeValue;
    let after = before;
    for (const [pattern, make] of rules) {
      pattern.lastIndex = 0;
      after = after.replace(pattern, (...m) => make(m));
    }
    if (after !== before) node.nodeValue = after;
  };
  const walk = (root) => {
    if (root.nodeType === Node.TEXT_NODE) return translate(root);
    const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = texts.nextNode(); n; n = texts.nextNode()) translate(n);
  };
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === "characterData") translate(change.target);
      for (const added of change.addedNodes) walk(added);
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
})();
