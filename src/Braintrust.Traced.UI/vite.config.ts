import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Served by the server under /app (see src/Braintrust.Traced.Server/WebUi). No inline scripts or styles are emitted,
// which the server's Content-Security-Policy (script-src 'self'; style-src 'self') requires.
export default defineConfig({
  base: "/app/",
  plugins: [react()],
  build: {
    outDir: "../Braintrust.Traced.Server/wwwroot/app",
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1024,
  },
  test: {
    environment: "node",
    include: ["src/**/*.test.ts"],
  },
});
