/*
 * Sends a pasted error to the finder (symptoms/finder.html#q=<text>) instead of Material's
 * search: from the home page's paste box, and from the header search box when what is pasted
 * or typed there is an error rather than a few words.
 *
 * Why: lunr, behind Material's search, reads its input as a query language. Log text breaks it
 * (`pre-install:` is a field, `~/path` and `~100%` are edit distances; the latter froze search
 * for the rest of the tab) and a long paste matches nothing. The finder ranks entries by error
 * text and runs offline. The text travels in the URL's fragment, which never reaches a server.
 *
 * Material starts a search on the input's keyup (and focus); the listeners here are capture
 * listeners on the window, so they run first and can stop an error from ever reaching it.
 */
(() => {
  // The symptoms plugin's finder page, under its default index_dir ("symptoms").
  const FINDER_PAGE = "symptoms/finder.html"
  // Longer than this, a search is a pasted message rather than a few words.
  const LONG = 80
  // What no reader types as a search but logs are made of: lunr's operators (: ~ ^ * and a
  // leading + or -), quotes around a message, arrows (--->), paths, brackets, percentages.
  const LOG_SYNTAX = /[~^*:"`<>%=|\\{}[\]()]|-->|(^|\s)[-+']|'(\s|$)|\/\S/

  const siteBase = () => {
    const config = document.getElementById("__config")
    const base = config ? JSON.parse(config.textContent).base : "."
    return new URL(`${base}/`, location.href)
  }

  /** Whether a search text is an error to look up in the finder rather than words to search. */
  const isError = text => {
    const trimmed = text.trim()
    return trimmed.length > LONG || trimmed.includes("\n") || LOG_SYNTAX.test(trimmed)
  }

  /** Open the finder with ``text`` (the deep link finder.html#q=...). */
  const openFinder = text => {
    const target = new URL(FINDER_PAGE, siteBase())
    target.hash = `q=${encodeURIComponent(text.trim())}`
    const samePage = target.pathname === location.pathname
    location.assign(target.href)
    if (samePage) location.reload() // only the fragment changed: read the new text
  }

  // The home page's paste box: a form with a textarea.
  for (const form of document.querySelectorAll("form[data-fixbook-paste]")) {
    const text = form.querySelector("textarea")
    form.addEventListener("submit", event => {
      event.preventDefault()
      if (text.value.trim()) openFinder(text.value)
      else text.focus()
    })
    text.addEventListener("keydown", event => {
      // Enter (or Ctrl/Cmd+Enter) submits; Shift+Enter starts a new line.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault()
        form.requestSubmit()
      }
    })
  }

  // The header search box.
  const search = document.querySelector("input[data-md-component=search-query]")
  if (!search) return
  const hint = document.createElement("p")
  hint.className = "fixbook-search-hint"
  hint.setAttribute("role", "status")
  hint.hidden = true
  hint.textContent = "This looks like an error message: press Enter to look it up in the finder."
  // Above the (stale) results, where Material shows "Type to start searching".
  const output = document.querySelector(".md-search__output")
  if (output) output.prepend(hint)
  else search.form.after(hint)

  window.addEventListener("paste", event => {
    if (event.target !== search) return
    const pasted = event.clipboardData ? event.clipboardData.getData("text") : ""
    const before = search.value.slice(0, search.selectionStart ?? search.value.length)
    const after = search.value.slice(search.selectionEnd ?? search.value.length)
    const text = before + pasted + after
    if (!isError(text)) return
    event.preventDefault() // never inserted, so Material never searches it
    event.stopPropagation()
    openFinder(text)
  }, true)

  window.addEventListener("keyup", event => {
    if (event.target !== search) return
    const error = isError(search.value)
    hint.hidden = !error
    if (error) event.stopPropagation() // typed log syntax: keep it away from lunr
  }, true)

  window.addEventListener("keydown", event => {
    if (event.target !== search || event.key !== "Enter" || event.isComposing) return
    if (!isError(search.value)) return
    event.preventDefault()
    event.stopPropagation()
    openFinder(search.value)
  }, true)
})()
