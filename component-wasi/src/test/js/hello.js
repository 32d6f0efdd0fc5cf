// A JavaScript component built by componentize-js (StarlingMonkey): console.log goes to wasi:cli/stdout.
export function greet(name) {
  console.log("greeting " + name);
  return "Hello, " + name + "!";
}
