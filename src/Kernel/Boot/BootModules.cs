using System;
using Minix3.Cosmos.Kernel.Boot.Multiboot;
using Minix3.Cosmos.Kernel.Diagnostics;

namespace Minix3.Cosmos.Kernel.Boot
{
    // Lists the boot modules (the programs and tables the image carries before
    // a file system exists) and picks up the kernel's symbol table. A module's
    // name is the last word of its command line (loaders differ in whether the
    // line starts with the file's path).
    internal static unsafe class BootModules
    {
        internal static void List(BootInfo info)
        {
            Log.Write("modules: ");
            Log.Decimal((ulong)info.Modules.Length);
            Log.Line();
            foreach (BootModule module in info.Modules)
            {
                BootString moduleName = BootProcesses.NameOf(module);
                byte* name = moduleName.Pointer;
                int length = moduleName.Length;
                Log.Write("  ");
                Log.Ascii(name, length);
                Log.Write(" ");
                Log.Decimal(module.Length);
                Log.Write(" bytes at ");
                Log.Hex(module.Start);
                Log.Line();
                if (AsciiText.EqualsLiteral(new ReadOnlySpan<byte>(name, length), "kernel.sym"))
                {
                    if (SymbolTable.Load((byte*)module.Start, module.Length))
                    {
                        Log.Write("  symbols: ");
                        Log.Decimal(SymbolTable.Count);
                        Log.Line(" kernel functions");
                    }
                    else
                    {
                        Log.Line("  symbols: kernel.sym is malformed; backtraces will show addresses only");
                    }
                }
            }
        }
    }
}
