// The board's exports: fetched with the facilitator token in a header, saved as a file.

import { el } from "./dom.js";
import { t } from "./i18n.js";
import { toast } from "./ui.js";

/** Each button (data-format) downloads the workshop's export in that format. */
export function bindExports(buttons, workshopId, token) {
  for (const button of buttons) {
    button.addEventListener("click", () => exportAs(workshopId, token(), button.dataset.format, button));
  }
}

async function exportAs(workshopId, token, format, button) {
  button.disabled = true;
  try {
    const response = await fetch(`/api/workshops/${encodeURIComponent(workshopId)}/export?format=${format}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      toast(t("error.export_failed"));
      return;
    }
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", { href: url, download: fileName(response, workshopId, format) });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  } catch (error) {
    console.warn("export failed", error);
    toast(t("error.export_failed"));
  } finally {
    button.disabled = false;
  }
}

function fileName(response, workshopId, format) {
  const header = response.headers.get("Content-Disposition") || "";
  const utf8 = header.match(/filename\*=UTF-8''([^;]+)/i);  // RFC 5987: the title as it is, "Łódź" too
  if (utf8) return decodeURIComponent(utf8[1]);
  const match = header.match(/filename="?([^";]+)"?/);
  return match ? match[1] : `cocreatie-${workshopId}.${format}`;
}
