// One statement's support as the board, the phones and the projector show it: per group the
// estimated agreement P_g with its number of answers (a group under three answers marked too
// small to read), the consensus as geometric mean and product, the weakest group, "dividing".
// A group without answers shows "–" and its zero; with no answers at all, one line says so.
// The same markup everywhere; each page's stylesheet sizes it.

import { el, reconcile, setText } from "./dom.js";
import { currentLanguage, groupLabel, t } from "./i18n.js";

/** 0.656 → "66 %" in the page's language. */
export function percent(value) {
  return new Intl.NumberFormat(currentLanguage(), { style: "percent", maximumFractionDigits: 0 }).format(value);
}

function decimal(value) {
  return new Intl.NumberFormat(currentLanguage(), { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

/** An empty support block, to be filled by renderSupport. */
export function supportBlock() {
  return el("div", { class: "support" },
    el("p", { class: "support-summary" },
      el("span", { class: "support-consensus" }), el("span", { class: "support-product" }),
      el("span", { class: "support-weakest" }), el("span", { class: "support-dividing" })),
    el("ul", { class: "support-groups" }));
}

/**
 * Fill a support block from statementSupport(): detail adds each group's agree / disagree /
 * pass counts (the board's view); voters counts a dot vote's voters rather than answers.
 */
export function renderSupport(block, support, { detail = false, voters = false } = {}) {
  const { consensus } = support;
  setText(block.querySelector(".support-consensus"), consensus
    ? t("support.consensus", { share: percent(consensus.geometric_mean) }) : t("support.no_answers"));
  setText(block.querySelector(".support-product"), consensus ? t("support.product", { value: decimal(consensus.product) }) : "");
  setText(block.querySelector(".support-weakest"), consensus
    ? t("support.weakest", { group: groupLabel(consensus.weakest_group) }) : "");
  setText(block.querySelector(".support-dividing"), support.dividing ? t("support.dividing") : "");
  block.classList.toggle("is-dividing", support.dividing);
  block.querySelector(".support-groups").hidden = !consensus;  // no answers at all: one line says so
  reconcile(block.querySelector(".support-groups"), support.groups.map((g) => g.group), () => el("li", { class: "support-group" },
    el("span", { class: "support-name" }), el("span", { class: "support-share" }),
    el("span", { class: "visually-hidden support-agree" }),
    el("span", { class: "support-bar", "aria-hidden": "true" }, el("span")),
    el("span", { class: "support-count" }), el("span", { class: "support-small" })), (node, name) => {
    const group = support.groups.find((g) => g.group === name);
    node.classList.toggle("is-small", group.tooSmall);
    node.classList.toggle("is-empty", group.seen === 0);
    node.classList.toggle("is-weakest", consensus?.weakest_group === name);
    setText(node.querySelector(".support-name"), groupLabel(name));
    setText(node.querySelector(".support-share"), group.seen ? percent(group.share) : "–");
    setText(node.querySelector(".support-agree"), group.seen ? t("support.agree_sr") : "");
    node.querySelector(".support-bar span").style.setProperty("--share", String(group.seen ? group.share : 0));
    const count = t(voters ? "count.voters" : "support.answers", { n: group.seen });
    setText(node.querySelector(".support-count"), detail && group.seen
      ? `${count} (${t("support.detail", { agree: group.agree, disagree: group.disagree, pass: group.pass })})` : count);
    const small = voters ? "support.too_few_voters" : "support.too_small";
    setText(node.querySelector(".support-small"), group.tooSmall && group.seen ? t(small) : "");
  });
}
