// The kernel initializes what it reads; skipping the compiler's zeroing of
// every stack frame matters on the trap and IPC paths.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
