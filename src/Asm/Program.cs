using System;
using System.IO;
using Minix3.Cosmos.Asm.Elf;
using Minix3.Cosmos.Asm.Kernel;
using Minix3.Cosmos.Asm.Testing;

namespace Minix3.Cosmos.Asm;

/// <summary>Command line: <c>kernel -o FILE.o</c> writes the kernel's assembly object;
/// <c>runtime -o FILE.o</c> the corelib's assembly helpers every image links;
/// <c>component -o FILE.o</c> the entry and trap stubs of user-mode components;
/// <c>test-kmain -o FILE.o</c> writes the stand-in kernel used by the boot self-test.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 3 || args[1] != "-o")
            return Usage();
        AsmModule? module = args[0] switch
        {
            "kernel" => KernelObject.Build(),
            "runtime" => Runtime.RuntimeStubs.Build(),
            "component" => Component.ComponentObject.Build(),
            "component-test" => Component.ComponentObject.Build(withTestProbes: true),
            "test-kmain" => TestKernelMain.Build(),
            _ => null,
        };
        if (module is null)
            return Usage();
        string path = args[2];
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        ElfObjectWriter.Write(module.Assemble(), path);
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Minix3.Cosmos.Asm (kernel|runtime|component|component-test|test-kmain) -o OUTPUT.o");
        return 2;
    }
}
