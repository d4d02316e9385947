// Pasting into the app's ImGui text fields (src/platform/web/clipboard.cpp). ImGui draws into a
// canvas and Emscripten's GLFW does not read the system clipboard, and a page may read it only
// in a `paste` event: so this listens for that event and hands the text to the C++ side.

// Ctrl+V (Cmd+V) and Shift+Insert: ImGui pastes by itself on these keys, from the text handed over.
const isPasteShortcut = (e) => ((e.ctrlKey || e.metaKey) && (e.key === 'v' || e.key === 'V')) ||
  (e.shiftKey && e.key === 'Insert');

export function installPaste(module, target = document) {
  let shortcutAt = -Infinity;
  // Capture phase: seen before GLFW's own key listener, and the paste event follows it at once.
  window.addEventListener('keydown', (e) => { if (isPasteShortcut(e)) shortcutAt = performance.now(); }, true);
  target.addEventListener('paste', (e) => {
    // A paste into one of the page's own elements (none are editable today) is the browser's.
    const t = e.target;
    if (t && (t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA')) return;
    const text = e.clipboardData ? e.clipboardData.getData('text/plain') : '';
    const fromShortcut = performance.now() - shortcutAt < 1000;
    shortcutAt = -Infinity;
    if (!text) return;
    e.preventDefault();
    const bytes = new TextEncoder().encode(text + '\0');
    const ptr = module._malloc(bytes.length);
    if (!ptr) return;
    module.HEAPU8.set(bytes, ptr);
    try { module._wl_app_paste_text(ptr, fromShortcut ? 1 : 0); } finally { module._free(ptr); }
  });
}
