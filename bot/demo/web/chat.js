// The demo's chat page: pick who you are, talk to the bot. No build step, no libraries.
"use strict";

const TEXTS = {
  ru: { who: "Кто вы:", newName: "Имя нового участника:", send: "Отправить", placeholder: "Сообщение" },
  en: { who: "Who are you:", newName: "A new person's name:", send: "Send", placeholder: "Message" },
};
const state = { user: null, chat: null, shown: "", toasts: 0, texts: TEXTS.ru };
const $ = (id) => document.getElementById(id);

async function api(path, body) {
  const options = body instanceof FormData
    ? { method: "POST", body }
    : body ? { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) } : {};
  const response = await fetch(path, options);
  if (!response.ok) throw new Error(await response.text());
  return response.json();
}

async function loadPeople(selected) {
  const data = await api("/demo/people");
  state.texts = TEXTS[data.locale] || TEXTS.ru;
  document.documentElement.lang = data.locale;
  $("who-label").textContent = state.texts.who;
  $("text").placeholder = state.texts.placeholder;
  const who = $("who");
  who.innerHTML = "";
  for (const person of data.people) {
    const option = document.createElement("option");
    option.value = person.id;
    option.textContent = person.name;
    who.appendChild(option);
  }
  if (selected) who.value = selected;
  await pickPerson(Number(who.value));
}

async function pickPerson(userId) {
  state.user = userId;
  state.chat = userId;
  state.shown = "";
  state.toasts = 0;
  await loadChats();
  await refresh();
}

async function loadChats() {
  const data = await api(`/demo/chats?user=${state.user}`);
  const nav = $("chats");
  nav.innerHTML = "";
  for (const chat of data.chats) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = chat.title;
    button.dataset.chat = chat.id;
    if (chat.id === state.chat) button.classList.add("active");
    button.onclick = () => { state.chat = chat.id; state.shown = ""; loadChats(); refresh(); };
    nav.appendChild(button);
  }
}

function render(messages, startText) {
  const box = $("messages");
  box.innerHTML = "";
  if (!messages.length && state.chat === state.user) {
    // an empty private chat: Telegram shows its Start button here
    const start = document.createElement("button");
    start.type = "button";
    start.id = "start";
    start.textContent = "/start";
    start.onclick = () => say(startText || "/start");
    box.appendChild(start);
    return;
  }
  for (const message of messages) {
    const item = document.createElement("div");
    item.className = "msg" + (message.mine ? " mine" : "");
    item.dataset.id = message.id;
    if (!message.mine) {
      const author = document.createElement("div");
      author.className = "author";
      author.textContent = message.author;
      item.appendChild(author);
    }
    const text = document.createElement("div");
    text.className = "text";
    text.textContent = message.text;
    item.appendChild(text);
    if (message.file) {
      const link = document.createElement("a");
      link.className = "file";
      link.href = `/demo/file/${encodeURIComponent(message.file.id)}?name=${encodeURIComponent(message.file.name)}`;
      link.download = message.file.name;
      link.textContent = "📎 " + message.file.name;
      item.appendChild(link);
      if (message.picture) {
        const img = document.createElement("img");
        img.src = link.href;
        img.style.maxWidth = "200px";
        img.style.display = "block";
        item.appendChild(img);
      }
    }
    if (message.buttons.length) {
      const keyboard = document.createElement("div");
      keyboard.className = "keyboard";
      for (const row of message.buttons) {
        const line = document.createElement("div");
        line.className = "row";
        for (const b of row) {
          let control;
          if (b.url) {
            control = document.createElement("a");
            control.href = b.url;
            control.target = "_blank";
            control.rel = "noopener";
          } else {
            control = document.createElement("button");
            control.type = "button";
            control.onclick = () => b.data
              ? api("/demo/press", { user: state.user, chat: state.chat, message: message.id, data: b.data }).then(refresh)
              : say(b.text);
          }
          control.textContent = b.text;
          line.appendChild(control);
        }
        keyboard.appendChild(line);
      }
      item.appendChild(keyboard);
    }
    box.appendChild(item);
  }
  box.scrollTop = box.scrollHeight;
}

function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 2500);
}

async function refresh() {
  if (state.user === null) return;
  const data = await api(`/demo/messages?user=${state.user}&chat=${state.chat}`);
  const shown = JSON.stringify(data.messages);
  if (shown !== state.shown) {
    state.shown = shown;
    render(data.messages, data.start);
  }
  if (data.toasts.length > state.toasts) toast(data.toasts[data.toasts.length - 1]);
  state.toasts = data.toasts.length;
}

async function say(text) {
  await api("/demo/send", { user: state.user, chat: state.chat, text });
  await refresh();
}

$("composer").onsubmit = (event) => {
  event.preventDefault();
  const text = $("text").value.trim();
  if (!text) return;
  $("text").value = "";
  say(text);
};
$("file").onchange = async () => {
  const file = $("file").files[0];
  if (!file) return;
  const form = new FormData();
  form.append("user", state.user);
  form.append("chat", state.chat);
  form.append("file", file, file.name);
  $("file").value = "";
  await api("/demo/upload", form);
  await refresh();
};
$("who").onchange = () => pickPerson(Number($("who").value));
$("new-person").onclick = async () => {
  const name = (prompt(state.texts.newName) || "").trim();
  if (!name) return;
  const [first, ...rest] = name.split(/\s+/);
  const person = await api("/demo/people", { first_name: first, last_name: rest.join(" ") });
  await loadPeople(person.id);
};

loadPeople();
setInterval(() => { refresh().catch(() => {}); }, 700);
