import { StrictMode, useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { connectApi } from './bridge';
import { Home } from './features/home/Home';
import { useApp } from './store';

function App() {
  const connect = useApp((s) => s.connect);
  useEffect(() => connect(connectApi()), [connect]);
  return <Home />;
}

createRoot(document.getElementById('root')!).render(<StrictMode><App /></StrictMode>);
