import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'prosemirror-view/style/prosemirror.css';
// One file per area; the order is the cascade (narrow.css last, so its overrides win).
import './styles/base.css';
import './styles/header.css';
import './styles/controls.css';
import './styles/pages.css';
import './styles/editor.css';
import './styles/account.css';
import './styles/auth.css';
import './styles/presence.css';
import './styles/secretariat.css';
import './styles/narrow.css';
import { App } from './App.js';
import { loadSession, watchSessionOnReturn } from './session/sessionStore.js';

// Who is signed in is the server's to say; ask at once, while React mounts.
void loadSession();
watchSessionOnReturn();

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks the #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
