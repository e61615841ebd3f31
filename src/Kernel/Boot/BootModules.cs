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
                byte* name = module.CommandLine.Pointer;
                int length = module.CommandLine.Length;
                NameOf(ref name, ref length);
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

        // Narrows [name, name+length) to the last path component of its last word.
        private static void NameOf(ref byte* name, ref int length)
        {
            while (length > 0 && name[length - 1] == ' ')
                length--;
            int start = length;
            while (start > 0 && name[start - 1] != ' ' && name[start - 1] != '/')
                start--;
            name += start;
            length -= start;
        }
    }
}
