// The support chat's panel (portal) and the agents' console (back-office): one websocket each.
// No inline script anywhere (strict CSP): pages carry their texts in data-* attributes.
(function () {
  "use strict";

  function socketUrl(path) {
    return (window.location.protocol === "https:" ? "wss://" : "ws://") + window.location.host + path;
  }

  // One websocket that comes back after a drop (the channel layer restarting, a network blip),
  // waiting longer each time; a refusal by the server (no session, wrong origin) is final.
  function connect(path, handlers) {
    let socket = null;
    let delay = 1000;
    function open() {
      socket = new WebSocket(socketUrl(path));
      socket.addEventListener("open", function () { delay = 1000; handlers.open(); });
      socket.addEventListener("message", function (event) {
        let data = null;
        try { data = JSON.parse(event.data); } catch (error) { return; }
        handlers.message(data);
      });
      socket.addEventListener("close", function (event) {
        if (event.code === 4401 || event.code === 4403) { handlers.refused(); return; }
        handlers.lost();
        window.setTimeout(open, delay);
        delay = Math.min(delay * 2, 30000);
      });
    }
    window.setInterval(function () {
      if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "ping" }));
    }, 20000);
    open();
    return {
      send: function (payload) {
        if (!socket || socket.readyState !== WebSocket.OPEN) return false;
        socket.send(JSON.stringify(payload));
        return true;
      },
    };
  }

  function messageItem(message) {
    const item = document.createElement("li");
    item.className = "support-chat-message support-chat-" + message.kind;
    item.dataset.kind = message.kind;
    const meta = document.createElement("div");
    meta.className = "small text-body-secondary";
    const author = document.createElement("strong");
    author.textContent = message.author;
    meta.append(author, " · " + message.at);
    const body = document.createElement("div");
    body.className = "support-chat-body";
    body.textContent = message.body;
    item.append(meta, body);
    return item;
  }

  function thread(log) {
    const seen = new Set();
    return {
      add: function (message) {
        if (seen.has(message.id)) return false;
        seen.add(message.id);
        log.appendChild(messageItem(message));
        log.scrollTop = log.scrollHeight;
        return true;
      },
      reset: function () { seen.clear(); log.replaceChildren(); },
    };
  }

  // --- the manager's panel ------------------------------------------------------------------
  function managerPanel(panel) {
    const texts = panel.dataset;
    const form = panel.querySelector("[data-chat-form]");
    const input = form.querySelector("textarea");
    const button = form.querySelector("button");
    const presence = panel.querySelector("[data-chat-presence]");
    const notice = panel.querySelector("[data-chat-notice]");
    const messages = thread(panel.querySelector("[data-chat-log]"));
    let conversation = null;
    let pending = null;
    button.disabled = true;

    function showPresence(online) { presence.textContent = online ? texts.textOnline : texts.textOffline; }

    const socket = connect(texts.chatSocket, {
      open: function () { button.disabled = false; notice.textContent = ""; },
      lost: function () { button.disabled = true; notice.textContent = texts.textReconnecting; },
      refused: function () { button.disabled = true; notice.textContent = texts.textRefused; },
      message: function (data) {
        if (data.type === "hello") {
          conversation = data.conversation ? data.conversation.id : null;
          data.messages.forEach(messages.add);
          showPresence(data.agents_online);
        } else if (data.type === "message") {
          conversation = data.conversation.id;
          messages.add(data.message);
          if (data.message.kind === "client" && data.message.body === pending) {
            input.value = "";
            pending = null;
          }
        } else if (data.type === "presence") {
          showPresence(data.agents_online);
        } else if (data.type === "offline" || data.type === "error") {
          notice.textContent = data.message;
        }
      },
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      notice.textContent = "";
      pending = input.value.trim();
      socket.send({ type: "message", conversation: conversation, body: input.value });
    });
  }

  // --- the agents' console -------------------------------------------------------------------
  function agentConsole(root) {
    const texts = root.dataset;
    const list = root.querySelector("[data-console-list]");
    const title = root.querySelector("[data-console-title]");
    const form = root.querySelector("[data-console-form]");
    const input = form.querySelector("textarea");
    const button = form.querySelector("button");
    const notice = root.querySelector("[data-console-notice]");
    const messages = thread(root.querySelector("[data-console-log]"));
    const known = new Map();
    let current = null;
    let pending = null;
    button.disabled = true;

    function choose(conversation) {
      current = conversation.id;
      title.textContent = conversation.number + " · " + conversation.client + " · " + conversation.subject;
      messages.reset();
      list.querySelectorAll("button").forEach(function (item) {
        item.setAttribute("aria-pressed", item.dataset.id === current ? "true" : "false");
      });
      button.disabled = false;
      socket.send({ type: "open", conversation: current });
    }

    function listed(conversation) {
      if (known.has(conversation.id)) return known.get(conversation.id);
      const item = document.createElement("li");
      const choice = document.createElement("button");
      choice.type = "button";
      choice.className = "button support-console-choice";
      choice.dataset.id = conversation.id;
      choice.setAttribute("aria-pressed", "false");
      choice.textContent = conversation.number + " · " + conversation.client;
      choice.addEventListener("click", function () { choose(conversation); });
      item.appendChild(choice);
      list.appendChild(item);
      known.set(conversation.id, choice);
      return choice;
    }

    const socket = connect(texts.consoleSocket, {
      open: function () { notice.textContent = ""; button.disabled = current === null; },
      lost: function () { button.disabled = true; notice.textContent = texts.textReconnecting; },
      refused: function () { button.disabled = true; notice.textContent = texts.textRefused; },
      message: function (data) {
        if (data.type === "queue") {
          data.conversations.forEach(listed);
          if (current) socket.send({ type: "open", conversation: current });
        } else if (data.type === "history") {
          if (data.conversation.id === current) data.messages.forEach(messages.add);
        } else if (data.type === "message") {
          const choice = listed(data.conversation);
          if (data.conversation.id === current) {
            messages.add(data.message);
            if (data.message.kind === "agent" && data.message.body === pending) {
              input.value = "";
              pending = null;
            }
          } else {
            choice.classList.add("support-console-unread");
            notice.textContent = texts.textNew + " " + data.conversation.number;
          }
        } else if (data.type === "error") {
          notice.textContent = data.message;
        }
      },
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!current) return;
      notice.textContent = "";
      pending = input.value.trim();
      socket.send({ type: "message", conversation: current, body: input.value });
    });
  }

  function start() {
    document.querySelectorAll("[data-chat-socket]").forEach(managerPanel);
    document.querySelectorAll("[data-console-socket]").forEach(agentConsole);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
