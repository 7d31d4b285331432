// Minimal stand-ins for the Polaris web components the Plume extensions use (s-admin-action,
// s-admin-block, s-button, s-link, s-text, s-paragraph, s-heading, s-stack, s-box, s-banner,
// s-badge, s-section, s-checkbox, s-select, s-option, s-spinner), for the demo's extension
// host only. Properties and attributes as the real components name them; the look is a sketch
// of Polaris, not a copy of it.
(function () {
  "use strict";
  const kebab = (name) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  const escape = (value) => String(value ?? "").replace(/[&<>"']/g, (character) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character]);
  const GAPS = { none: "0", "small-500": "2px", "small-400": "3px", "small-300": "4px", "small-200": "6px", "small-100": "8px", small: "8px", base: "12px", large: "16px", "large-100": "20px", "large-200": "24px" };
  const TONES = {
    critical: ["#fee9e8", "#8e1f0b", "#e51c00"],
    warning: ["#fff1e3", "#5e4200", "#ffb800"],
    success: ["#cdfee1", "#0c5132", "#29845a"],
    info: ["#eaf4ff", "#00527c", "#0094d5"],
    neutral: ["#f1f1f1", "#303030", "#8a8a8a"],
  };
  const BASE = ":host{font:13px/1.45 -apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,sans-serif;color:#303030}";

  /** An element whose listed properties reflect to attributes and redraw its shadow root. */
  function define(tag, props, draw, extra = {}) {
    const booleans = new Set(props.filter((prop) => prop.startsWith("?")).map((prop) => prop.slice(1)));
    const names = props.map((prop) => prop.replace(/^\?/, ""));
    class Element extends HTMLElement {
      static get observedAttributes() {
        return names.map(kebab);
      }
      constructor() {
        super();
        this.attachShadow({ mode: "open" });
      }
      connectedCallback() {
        this.redraw();
      }
      attributeChangedCallback() {
        if (this.isConnected) this.redraw();
      }
      redraw() {
        this.shadowRoot.innerHTML = `<style>${BASE}${extra.style || ""}</style>${draw(this)}`;
        if (extra.wire) extra.wire(this);
      }
    }
    for (const name of names) {
      Object.defineProperty(Element.prototype, name, {
        configurable: true,
        get() {
          return booleans.has(name) ? this.hasAttribute(kebab(name)) : (this.getAttribute(kebab(name)) ?? "");
        },
        set(value) {
          if (booleans.has(name)) this.toggleAttribute(kebab(name), Boolean(value));
          else if (value === null || value === undefined) this.removeAttribute(kebab(name));
          else this.setAttribute(kebab(name), String(value));
        },
      });
    }
    if (!customElements.get(tag)) customElements.define(tag, Element);
  }

  function navigateOnClick(element) {
    const href = element.getAttribute("href");
    if (!href) return;
    element.shadowRoot.querySelector("[data-target]").addEventListener("click", (event) => {
      event.preventDefault();
      if (!element.disabled) window.plumeHostNavigate(href);
    });
  }

  define(
    "s-admin-action",
    ["heading", "?loading"],
    (el) => `<section role="dialog" aria-label="${escape(el.heading)}"><header><h2>${escape(el.heading)}</h2></header>
      <div class="body">${el.loading ? '<div class="loading" role="status">…</div>' : ""}<slot></slot></div>
      <footer><slot name="secondary-actions"></slot><slot name="primary-action"></slot></footer></section>`,
    {
      style: `section{display:flex;flex-direction:column;height:100vh;background:#fff}
        header{padding:14px 16px;border-bottom:1px solid #e3e3e3;background:#f7f7f7}h2{margin:0;font-size:14px;font-weight:650}
        .body{flex:1;overflow:auto;padding:16px}.loading{color:#616161;font-size:20px}
        footer{display:flex;justify-content:flex-end;gap:8px;padding:12px 16px;border-top:1px solid #e3e3e3}`,
    },
  );
  define(
    "s-admin-block",
    ["heading", "collapsedSummary"],
    (el) => `<section aria-label="${escape(el.heading)}"><header><h2>${escape(el.heading)}</h2><span>${escape(el.collapsedSummary)}</span></header><div><slot></slot></div></section>`,
    { style: `section{background:#fff;border-radius:12px;box-shadow:0 1px 0 rgba(26,26,26,.07),inset 0 0 0 1px #e3e3e3;padding:16px}header{display:flex;justify-content:space-between;align-items:baseline;margin-bottom:10px}h2{margin:0;font-size:14px;font-weight:650}span{color:#616161}` },
  );
  define(
    "s-button",
    ["variant", "tone", "?disabled", "?loading", "href", "accessibilityLabel", "type"],
    (el) =>
      `<button data-target ${el.disabled || el.loading ? "disabled" : ""} class="${escape(el.variant || "secondary")} ${escape(el.tone)}" ${el.accessibilityLabel ? `aria-label="${escape(el.accessibilityLabel)}"` : ""}>${el.loading ? '<span class="spin" aria-hidden="true"></span>' : ""}<slot></slot></button>`,
    {
      style: `button{font:inherit;font-weight:600;border-radius:8px;padding:6px 12px;cursor:pointer;border:0;box-shadow:inset 0 -1px 0 #b5b5b5,inset 0 0 0 1px #e3e3e3;background:#fff;color:#303030}
        button.primary{background:#303030;color:#fff;box-shadow:inset 0 -1px 0 #000}button.critical.primary{background:#c70a24}
        button.tertiary{box-shadow:none;background:transparent}button:disabled{opacity:.5;cursor:default}
        .spin{display:inline-block;width:10px;height:10px;margin-right:6px;border:2px solid currentColor;border-right-color:transparent;border-radius:50%;animation:r .8s linear infinite}@keyframes r{to{transform:rotate(360deg)}}`,
      wire: navigateOnClick,
    },
  );
  define("s-link", ["href", "tone"], () => `<a data-target href="#"><slot></slot></a>`, { style: "a{color:#005bd3;text-decoration:underline;cursor:pointer}", wire: navigateOnClick });
  define("s-text", ["tone", "type", "color"], (el) => `<span class="${escape(el.tone)} ${escape(el.type)} ${escape(el.color)}"><slot></slot></span>`, {
    style: ".neutral,.subdued{color:#616161}.critical{color:#8e1f0b}.success{color:#0c5132}.strong{font-weight:650}",
  });
  define("s-paragraph", ["tone"], () => `<p><slot></slot></p>`, { style: "p{margin:0;white-space:pre-line}" });
  define("s-heading", [], () => `<h3><slot></slot></h3>`, { style: "h3{margin:0;font-size:13px;font-weight:650}" });
  define(
    "s-stack",
    ["direction", "gap", "alignItems", "justifyContent"],
    (el) =>
      `<div style="display:flex;flex-direction:${el.direction === "inline" ? "row" : "column"};${el.direction === "inline" ? "flex-wrap:wrap;" : ""}gap:${GAPS[el.gap] || "0"};align-items:${escape(el.alignItems || (el.direction === "inline" ? "center" : "stretch"))};justify-content:${escape(el.justifyContent || "flex-start")}"><slot></slot></div>`,
  );
  define("s-box", ["padding", "border", "borderRadius", "background"], (el) => `<div class="${el.border ? "bordered" : ""}" style="padding:${GAPS[el.padding] || "0"}"><slot></slot></div>`, {
    style: ".bordered{border:1px solid #e3e3e3;border-radius:8px}",
  });
  define(
    "s-banner",
    ["tone", "heading", "?dismissible"],
    (el) => {
      const [background, color, edge] = TONES[el.tone] || TONES.info;
      return `<div role="${el.tone === "critical" ? "alert" : "status"}" style="background:${background};color:${color};border-left:4px solid ${edge}">${el.heading ? `<strong>${escape(el.heading)}</strong>` : ""}<div><slot></slot></div></div>`;
    },
    { style: "div[role]{padding:10px 12px;border-radius:8px}strong{display:block;margin-bottom:4px}" },
  );
  define("s-badge", ["tone"], (el) => `<span style="background:${(TONES[el.tone] || TONES.neutral)[0]};color:${(TONES[el.tone] || TONES.neutral)[1]}"><slot></slot></span>`, {
    style: "span{display:inline-block;border-radius:8px;padding:1px 8px;font-size:12px;font-weight:550}",
  });
  define("s-section", ["heading", "padding"], (el) => `<section>${el.heading ? `<h3>${escape(el.heading)}</h3>` : ""}<slot></slot></section>`, {
    style: "section{border-top:1px solid #e3e3e3;padding-top:12px}h3{margin:0 0 8px;font-size:13px;font-weight:650}",
  });
  define("s-spinner", ["accessibilityLabel"], () => `<span role="status">…</span>`);
  define("s-divider", [], () => `<hr>`, { style: "hr{border:0;border-top:1px solid #e3e3e3}" });

  define("s-checkbox", ["label", "name", "?checked", "?disabled", "details", "error"], (el) => `<label><input type="checkbox" ${el.checked ? "checked" : ""} ${el.disabled ? "disabled" : ""}> ${escape(el.label)}</label>`, {
    style: "label{display:flex;gap:8px;align-items:center;cursor:pointer}input{width:16px;height:16px;margin:0}",
    wire(el) {
      el.shadowRoot.querySelector("input").addEventListener("change", (event) => {
        el.checked = event.target.checked;
        el.dispatchEvent(new Event("input", { bubbles: true }));
        el.dispatchEvent(new Event("change", { bubbles: true }));
      });
    },
  });

  // s-select lists its s-option children in a native select and follows them as they change.
  define(
    "s-select",
    ["label", "name", "value", "?disabled", "details", "error"],
    (el) => {
      const options = Array.from(el.querySelectorAll("s-option")).map(
        (option) => `<option value="${escape(option.getAttribute("value"))}" ${option.getAttribute("value") === el.value ? "selected" : ""}>${escape(option.textContent)}</option>`,
      );
      return `<label><span>${escape(el.label)}</span><select ${el.disabled ? "disabled" : ""}>${options.join("")}</select></label>`;
    },
    {
      style: "label{display:grid;gap:4px}select{font:inherit;padding:6px 8px;border-radius:8px;border:1px solid #8a8a8a;background:#fff}",
      wire(el) {
        el.shadowRoot.querySelector("select").addEventListener("change", (event) => {
          el.value = event.target.value;
          el.dispatchEvent(new Event("input", { bubbles: true }));
          el.dispatchEvent(new Event("change", { bubbles: true }));
        });
        if (!el.observer) {
          el.observer = new MutationObserver(() => el.redraw());
          el.observer.observe(el, { childList: true, subtree: true, characterData: true, attributes: true });
        }
      },
    },
  );
  define("s-option", ["value", "?disabled"], () => "");
})();
