// The window's entry: the store over window.imprint, main's events fed into it, then React.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { imprintFromWindow } from './bridge.js';
import { messages } from './messages.js';
import { connectStore, createAppStore } from './store/app-store.js';
import { StoreContext } from './store/use-app-store.js';

const container = document.getElementById('root');
const api = imprintFromWindow();
document.title = messages.app.title;

if (container !== null && api !== null) {
  const store = createAppStore(api);
  connectStore(store, api);
  createRoot(container).render(
    <StrictMode>
      <StoreContext value={store}>
        <App />
      </StoreContext>
    </StrictMode>,
  );
} else if (container !== null) {
  const notice = document.createElement('p');
  notice.setAttribute('role', 'alert');
  notice.className = 'notice notice--error';
  notice.textContent = messages.errors.bridgeMissing;
  container.append(notice);
}
