using Minix3.Cosmos.Kernel.Diagnostics;
using Minix3.Cosmos.Kernel.Proc;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.KernelCalls
{
    // Refusals are logged with the component's name: a component probing
    // what it may not do should be visible on the console. Only the first
    // few per process, so that a runaway component cannot drown the console
    // (the fuzzer makes a hundred thousand attempts).
    internal static class Denied
    {
        private const int MaxLogged = 16;

        private static bool ShouldLog(Process caller)
        {
            if (caller.RefusalsLogged > MaxLogged)
                return false;
            if (++caller.RefusalsLogged <= MaxLogged)
                return true;
            Prefix(caller);
            Diagnostics.Log.Line("further refusals are not logged");
            return false;
        }

        // "[label] denied what value": ports, lines, grants and endpoints in
        // hex, kernel call numbers (hex: false) in decimal.
        internal static void Log(Process caller, string what, ulong value, bool hex = true)
        {
            if (!ShouldLog(caller))
                return;
            Prefix(caller);
            Diagnostics.Log.Write("denied ");
            Diagnostics.Log.Write(what);
            Diagnostics.Log.Write(" ");
            if (hex)
                Diagnostics.Log.Hex(value, 4);
            else
                Diagnostics.Log.Decimal(value);
            Diagnostics.Log.Line();
        }

        internal static void Prefix(Process process)
        {
            Diagnostics.Log.Write("[");
            WriteLabel(process);
            Diagnostics.Log.Write("] ");
        }

        internal static void WriteLabel(Process process)
        {
            var label = process.Label;
            for (int i = 0; i < label.Length; i++)
                Diagnostics.Log.Write((char)label[i]);
        }
    }
}
