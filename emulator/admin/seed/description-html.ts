/**
 * Product descriptions in the shapes real catalogs have: clean semantic HTML,
 * empty bodies, one-liners, and the messy legacy markup that years of WYSIWYG
 * editors and copy-paste from Word leave behind. Plume's copy pipeline has to
 * cope with all of them, so the seed produces all of them.
 */
import type { Random } from "./random";

export type DescriptionStyle = "clean" | "empty" | "oneLiner" | "legacy" | "wordPaste" | "unsafe";

export interface DescriptionParts {
  readonly sentences: readonly string[];
  readonly bullets: readonly string[];
  readonly careLabel: string;
  readonly careNote: string;
}

export function chooseDescriptionStyle(random: Random): DescriptionStyle {
  const roll = random.next();
  if (roll < 0.1) return "empty";
  if (roll < 0.22) return "oneLiner";
  if (roll < 0.36) return "legacy";
  if (roll < 0.43) return "wordPaste";
  if (roll < 0.445) return "unsafe";
  return "clean";
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function buildDescriptionHtml(style: DescriptionStyle, parts: DescriptionParts, random: Random): string {
  const sentences = parts.sentences.map(escapeHtml);
  const bullets = parts.bullets.map(escapeHtml);
  switch (style) {
    case "empty":
      return "";
    case "oneLiner":
      return `<p>${sentences[0] ?? ""}</p>`;
    case "clean": {
      const list = bullets.length > 0 ? `<ul>${bullets.map((bullet) => `<li>${bullet}</li>`).join("")}</ul>` : "";
      return `<p>${sentences.join(" ")}</p>${list}<p><strong>${escapeHtml(parts.careLabel)}</strong> ${escapeHtml(parts.careNote)}</p>`;
    }
    case "legacy": {
      const font = random.pick(["Arial", "Verdana", "Tahoma", "Georgia"]);
      const size = random.pick(["11px", "12px", "13px", "10pt"]);
      const colour = random.pick(["#333333", "rgb(51, 51, 51)", "#000000", "#444"]);
      const features = bullets.map((bullet) => `- ${bullet}<br>`).join("");
      return (
        `<div style="font-family: ${font}; font-size: ${size};">` +
        `<font face="${font}" color="${colour}">${sentences[0] ?? ""}</font><br>` +
        `<span style="color: ${colour};">&nbsp;${sentences.slice(1).join("&nbsp; ")}&nbsp;</span>` +
        `<div><div><b>FEATURES:</b><br>${features}</div></div>` +
        `<div><br></div><p>&nbsp;</p></div>`
      );
    }
    case "wordPaste": {
      const paragraphs = sentences
        .map((sentence) => `<p class="MsoNormal" style="margin-bottom: 0.0001pt; line-height: normal;"><span lang="EN-US" style="font-size: 10pt;">${sentence}<o:p></o:p></span></p>`)
        .join("\n");
      return `<!--StartFragment-->${paragraphs}\n<p class="MsoNormal">&nbsp;</p><!--EndFragment-->`;
    }
    case "unsafe": {
      // A handful of old stores carry tracking snippets or inline handlers in
      // their descriptions; a sanitiser must strip these.
      const snippet = random.chance(0.5)
        ? `<script type="text/javascript">window.legacyTracker && window.legacyTracker.push("view");</script>`
        : `<a href="#reviews" onclick="openReviews(); return false;">Read reviews</a>`;
      return `<p>${sentences.join(" ")}</p>${snippet}<p style="display:none">SEO keywords: ${bullets.join(", ")}</p>`;
    }
  }
}
