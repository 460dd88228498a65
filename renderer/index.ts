/**
 * Entry of the cashier UI bundle: zod runs without code generation (CSP has no `unsafe-eval`,
 * docs/architecture.md §5.7), the bridge is found (preload or browser shim), and the app is mounted.
 */
import './setup-zod';
import './styles/app.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { getBridge } from './bridge/get-bridge';
import { App } from './components/app';
import { SignInGate } from './components/sign-in-gate';

const root = document.getElementById('root');
if (root) {
  const bridge = getBridge();
  if (bridge) {
    // Once a roster exists the window asks for sign-in first (the security issue).
    createRoot(root).render(createElement(SignInGate, { bridge }, createElement(App, { bridge })));
  } else {
    root.textContent = '无法连接结算服务：请用启动程序打开本页面（地址中缺少令牌）。';
  }
}
