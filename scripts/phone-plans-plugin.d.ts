import type { Plugin } from 'vite';

/** Ships src/generated/phone/*.js beside a build's chunks as generated/phone/<code>.js. */
export function phonePlansPlugin(): Plugin;
