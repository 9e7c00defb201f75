import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles/base.css';
import './styles/shell.css';
import './styles/create.css';
import './styles/cards.css';
import './styles/screens.css';
import './styles/studio.css';
import './styles/assets.css';
import './styles/responsive.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
