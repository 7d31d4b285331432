// A stand-in for the parts of Shopify App Bridge that Plume uses, for the local
// demo and browser tests only (the real script comes from Shopify's CDN, which
// these machines cannot reach). It runs inside the app's iframe and talks to the
// admin-like frame around it with postMessage. Never bundled into the app.
(function () {
  "use strict";
  if (window.shopify) return;
  const script = document.currentScript;
  const apiKey = script ? script.getAttribute("data-api-key") : "";
  const params = new URLSearchParams(window.location.search);
  const stored = JSON.parse(sessionStorage.getItem("plume-demo-context") || "{}");
  const context = {
    shop: params.get("shop") || stored.shop || "",
    host: params.get("host") || stored.host || "",
    locale: params.get("locale") || stored.locale || "en",
  };
  sessionStorage.setItem("plume-demo-context", JSON.stringify(context));
  const toParent = (message) => window.parent.postMessage({ source: "plume-app", ...message }, window.location.origin);

  async function idToken() {
    const response = await originalFetch(`/__demo/session-token?shop=${encodeURIComponent(context.shop)}`, { credentials: "same-origin" });
    if (!response.ok) throw new Error(`session token request failed: ${response.status}`);
    return response.text();
  }

  // App Bridge adds the session token to the app's own fetches.
  const originalFetch = window.fetch.bind(window);
  window.fetch = async function (input, init) {
    const request = new Request(input, init);
    const url = new URL(request.url, window.location.href);
    if (url.origin === window.location.origin && !url.pathname.startsWith("/__demo/") && !request.headers.has("Authorization")) {
      const headers = new Headers(request.headers);
      headers.set("Authorization", `Bearer ${await idToken()}`);
      return originalFetch(new Request(request, { headers }));
    }
    return originalFetch(request);
  };

  const saveBars = new Map();
  window.shopify = {
    config: { apiKey, shop: context.shop, host: context.host, locale: context.locale },
    environment: { embedded: true, mobile: false, pos: false },
    idToken,
    toast: {
      show(message, options = {}) {
        toParent({ type: "toast", message: String(message), isError: Boolean(options.isError) });
        return `toast-${Date.now()}`;
      },
      hide() {},
    },
    loading(isLoading) {
      toParent({ type: "loading", isLoading: isLoading !== false });
    },
    saveBar: {
      async show(id) {
        saveBars.set(id, true);
        toParent({ type: "save-bar", id, visible: true });
      },
      async hide(id) {
        saveBars.delete(id);
        toParent({ type: "save-bar", id, visible: false });
      },
      async toggle(id) {
        return saveBars.has(id) ? this.hide(id) : this.show(id);
      },
      async leaveConfirmation() {},
    },
    modal: { async show() {}, async hide() {} },
  };

  // The frame answers save-bar clicks and navigation from its sidebar.
  window.addEventListener("message", (event) => {
    if (event.origin !== window.location.origin || !event.data || event.data.source !== "plume-frame") return;
    if (event.data.type === "save-bar-action") {
      const bar = document.getElementById(event.data.id);
      const button = bar && bar.querySelector(event.data.action === "save" ? 'button[variant="primary"]' : "button:not([variant])");
      if (button) button.click();
    }
    if (event.data.type === "navigate") {
      // AppProvider listens for shopify:navigate and reads the target's href.
      const link = document.createElement("a");
      link.setAttribute("href", event.data.href);
      link.hidden = true;
      document.body.appendChild(link);
      link.dispatchEvent(new CustomEvent("shopify:navigate", { bubbles: true }));
      link.remove();
    }
  });

  // <ui-nav-menu>: App Bridge moves these links into the admin's sidebar.
  class NavMenu extends HTMLElement {
    connectedCallback() {
      this.style.display = "none";
      this.observer = new MutationObserver(() => this.publish());
      this.observer.observe(this, { childList: true, subtree: true, characterData: true });
      this.publish();
    }
    disconnectedCallback() {
      if (this.observer) this.observer.disconnect();
    }
    publish() {
      const items = Array.from(this.querySelectorAll("a")).map((link) => ({
        href: link.getAttribute("href"),
        label: link.textContent.trim(),
        home: link.getAttribute("rel") === "home",
      }));
      toParent({ type: "nav", items });
    }
  }
  // One class per element name: a custom element constructor can be defined once.
  const hiddenElement = () =>
    class extends HTMLElement {
      connectedCallback() {
        this.style.display = "none";
      }
    };
  class TitleBar extends hiddenElement() {
    connectedCallback() {
      super.connectedCallback();
      toParent({ type: "title", title: this.getAttribute("title") || "" });
    }
  }
  if (!customElements.get("ui-nav-menu")) customElements.define("ui-nav-menu", NavMenu);
  // <ui-save-bar>: App Bridge React's SaveBar calls show()/hide() on it; the frame
  // draws the bar and clicks the element's own buttons on Save / Discard.
  class SaveBarElement extends HTMLElement {
    connectedCallback() {
      this.style.display = "none";
    }
    disconnectedCallback() {
      if (this.showing) toParent({ type: "save-bar", id: this.id, visible: false });
    }
    show() {
      this.showing = true;
      saveBars.set(this.id, true);
      toParent({ type: "save-bar", id: this.id, visible: true });
      this.dispatchEvent(new Event("show"));
      return Promise.resolve();
    }
    hide() {
      const wasShowing = this.showing;
      this.showing = false;
      saveBars.delete(this.id);
      if (wasShowing) toParent({ type: "save-bar", id: this.id, visible: false });
      this.dispatchEvent(new Event("hide"));
      return Promise.resolve();
    }
    toggle() {
      return this.showing ? this.hide() : this.show();
    }
  }
  if (!customElements.get("ui-save-bar")) customElements.define("ui-save-bar", SaveBarElement);
  if (!customElements.get("ui-title-bar")) customElements.define("ui-title-bar", TitleBar);
  if (!customElements.get("ui-modal")) customElements.define("ui-modal", hiddenElement());

  // The library's bounce page asks App Bridge to reload with a fresh id_token.
  const reload = params.get("shopify-reload");
  if (reload) {
    idToken().then((token) => {
      const target = new URL(reload, window.location.origin);
      if (target.origin !== window.location.origin) return;
      target.searchParams.set("id_token", token);
      window.location.replace(target.toString());
    });
  }
  toParent({ type: "ready", path: window.location.pathname });
  // Tell the frame where the app is, so its sidebar can mark the current page.
  const announce = () => toParent({ type: "location", path: window.location.pathname });
  for (const method of ["pushState", "replaceState"]) {
    const original = history[method].bind(history);
    history[method] = function (...args) {
      const result = original(...args);
      announce();
      return result;
    };
  }
  window.addEventListener("popstate", announce);
})();
