import './app/theme.css';
import { mount } from 'svelte';
import App from './app/App.svelte';
import { registerOfflineApp } from './offline/register.ts';

mount(App, { target: document.getElementById('app')! });
registerOfflineApp();
