// The front door: type the join code (lower case, spaces and dashes are fine).

import { $, setText, show } from "./dom.js";
import { bindLanguageSelect, preferredLanguage, setLanguage, t } from "./i18n.js";
import { normalizeCode } from "./ids.js";

function fail(messageKey) {
  setText($("#code-error"), t(messageKey));
  show($("#code-error"), true);
  $("#code").setAttribute("aria-invalid", "true");
  $("#code").focus();
}

$("#code").addEventListener("input", () => {
  show($("#code-error"), false);
  $("#code").removeAttribute("aria-invalid");
});

$("#code-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const code = normalizeCode($("#code").value);
  if (code.length < 4) return fail("index.too_short");
  let response;
  try {
    response = await fetch(`/api/join/${encodeURIComponent(code)}`);
  } catch (error) {
    console.warn("code lookup failed", error);
    return fail("notice.offline_text");
  }
  if (response.status === 404) return fail("index.unknown");
  if (response.status === 429) return fail("notice.busy_text");
  if (!response.ok) return fail("notice.offline_text");
  location.assign(`/j/${encodeURIComponent(code)}`);
});

setLanguage(preferredLanguage()).then(() => {
  bindLanguageSelect($("#lang"));
  $("#code").focus();
});
