// Preload entry (sandboxed, bundled): hands Electron's own objects to the bridge (preload-bridge.ts).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { exposeImprintApi } from './preload-bridge.js';

exposeImprintApi({ contextBridge, ipcRenderer, webUtils });
