/*
 * Material puts the copy button of every code block in a <nav> of its own: a page with twenty
 * blocks lists twenty unnamed "navigation" landmarks to a screen reader, none of which
 * navigates (axe: landmark-unique). The wrapper is made a plain container (role "none"); the
 * button keeps its name ("Copy to clipboard"). Material adds the wrappers from its own script,
 * possibly after this one runs, hence the observer.
 */
(() => {
  const demote = () => {
    for (const nav of document.querySelectorAll("nav.md-code__nav:not([role])")) {
      nav.setAttribute("role", "none")
    }
  }
  new MutationObserver(demote).observe(document.body, { childList: true, subtree: true })
  demote()
})()
