// Imported once per build by calculator.js, in a throwaway worker, right after the
// service worker has cached the runtime. Loading Pyodide's JavaScript (1.2 MB) through
// that cache lets the browser keep its compiled form next to it (the code cache), so
// the calculators' worker on the next visit starts without parsing it again. Importing
// runs nothing: the module only defines Pyodide's module factory.
import "../runtime/pyodide/pyodide.asm.mjs";

postMessage("warmed");
