using System;
using System.IO;
using Minix3.Cosmos.Asm.Elf;
using Minix3.Cosmos.Asm.Kernel;
using Minix3.Cosmos.Asm.Testing;

namespace Minix3.Cosmos.Asm;

/// <summary>Command line: <c>kernel -o FILE.o</c> writes the kernel's assembly object;
/// <c>runtime -o FILE.o</c> the corelib's assembly helpers every image links;
/// <c>component -o FILE.o</c> the entry and trap stubs of user-mode components;
/// <c>test-kmain -o FILE.o</c> writes the stand-in kernel used by the boot self-test;
/// <c>objects -o FOLDER</c> writes, in one run, every object the build links
/// (kernel, runtime, component, component-test: FOLDER/&lt;verb&gt;.o). The
/// build runs that once when this tool changes, and every image links the
/// same files, instead of two runs of this tool per component.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 3 || args[1] != "-o")
            return Usage();
        if (args[0] == "objects")
        {
            foreach (string verb in LinkedObjects)
                Write(Build(verb)!, Path.Combine(args[2], verb + ".o"));
            return 0;
        }
        AsmModule? module = Build(args[0]);
        if (module is null)
            return Usage();
        Write(module, args[2]);
        return 0;
    }

    // The objects the native build links (src/Build/Minix3.Cosmos.Native.targets).
    private static readonly string[] LinkedObjects = { "kernel", "runtime", "component", "component-test" };

    private static AsmModule? Build(string verb) =>
        verb switch
        {
            "kernel" => KernelObject.Build(),
            "runtime" => Runtime.RuntimeStubs.Build(),
            "component" => Component.ComponentObject.Build(),
            "component-test" => Component.ComponentObject.Build(withTestProbes: true),
            "test-kmain" => TestKernelMain.Build(),
            _ => null,
        };

    private static void Write(AsmModule module, string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
            Directory.CreateDirectory(directory);
        ElfObjectWriter.Write(module.Assemble(), path);
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: Minix3.Cosmos.Asm (kernel|runtime|component|component-test|test-kmain) -o OUTPUT.o\n       Minix3.Cosmos.Asm objects -o FOLDER");
        return 2;
    }
}
