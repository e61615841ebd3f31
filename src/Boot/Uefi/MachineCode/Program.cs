using System;
using System.IO;
using System.Text;

namespace Minix3.Cosmos.Boot.Uefi.MachineCode;

/// <summary>Command line: <c>-o FILE.cs</c> writes the loader's machine-code page as C#
/// (the loader compiles it in; src/Boot/Uefi/Loader/MachineCode.cs copies it to memory).</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length != 2 || args[0] != "-o")
        {
            Console.Error.WriteLine("usage: Minix3.Cosmos.Boot.Uefi.MachineCode -o OUTPUT.cs");
            return 2;
        }
        byte[] page = CodePage.Build();
        var text = new StringBuilder();
        text.AppendLine("// Written by src/Boot/Uefi/MachineCode at build time (CodePage.cs); not edited by hand.");
        text.AppendLine("namespace Minix3.Cosmos.Boot.Uefi");
        text.AppendLine("{");
        text.AppendLine("    internal static class CodePageBytes");
        text.AppendLine("    {");
        text.AppendLine($"        internal const int PortOut = 0x{CodePage.PortOut:X}, PortIn = 0x{CodePage.PortIn:X}, EnterKernel = 0x{CodePage.EnterKernel:X}, HandOver = 0x{CodePage.HandOver:X};");
        text.AppendLine($"        internal const int HandOverDestination = {CodePage.HandOverDestination}, HandOverSource = {CodePage.HandOverSource}, HandOverLength = {CodePage.HandOverLength}, HandOverEntry = {CodePage.HandOverEntry}, HandOverInfo = {CodePage.HandOverInfo};");
        text.AppendLine("        internal static System.ReadOnlySpan<byte> Page => new byte[]");
        text.AppendLine("        {");
        for (int i = 0; i < page.Length; i += 16)
            text.AppendLine("            " + string.Join(", ", Array.ConvertAll(page[i..Math.Min(i + 16, page.Length)], b => $"0x{b:X2}")) + ",");
        text.AppendLine("        };");
        text.AppendLine("    }");
        text.AppendLine("}");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(args[1]));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        File.WriteAllText(args[1], text.ToString());
        return 0;
    }
}
