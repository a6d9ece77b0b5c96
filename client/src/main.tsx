import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'prosemirror-view/style/prosemirror.css';
import './styles.css';
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
