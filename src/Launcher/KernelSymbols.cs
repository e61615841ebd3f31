using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace Minix3.Cosmos.Launcher;

// Names kernel backtraces on the host. The kernel prints each frame as a
// bare return address on a line of its own ("    0x0000000000104a2c",
// src/Kernel/Diagnostics/Backtrace.cs); kernel.elf's symbol table turns it
// into "    0x0000000000104a2c kmain+0x002c" ("?" when no function holds
// the address). Every boot's serial log passes through here, so tests and
// users read named backtraces.
public sealed class KernelSymbols
{
    private static readonly Regex Frame = new(@"^    0x([0-9a-f]{16})$", RegexOptions.Multiline);

    private readonly List<ElfImage.Symbol> _symbols;

    public KernelSymbols(IEnumerable<ElfImage.Symbol> symbols)
    {
        _symbols = new List<ElfImage.Symbol>(symbols);
        _symbols.Sort((a, b) => a.Address.CompareTo(b.Address));
    }

    public static KernelSymbols Load(string kernelElf) =>
        new(ElfImage.Read(File.ReadAllBytes(kernelElf), kernelElf).FunctionSymbols());

    // "name+0xoffset" for the function holding the address (the last one at
    // or below it, within its size when the ELF records one), or "?".
    public string Name(ulong address)
    {
        int low = 0, high = _symbols.Count - 1, found = -1;
        while (low <= high)
        {
            int middle = low + (high - low) / 2;
            if (_symbols[middle].Address <= address)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        if (found < 0)
            return "?";
        ElfImage.Symbol symbol = _symbols[found];
        if (symbol.Size != 0 && address >= symbol.Address + symbol.Size)
            return "?";
        return $"{symbol.Name}+0x{address - symbol.Address:x4}";
    }

    // The log with every backtrace frame line named.
    public string Annotate(string log) =>
        Frame.Replace(log, match => match.Value + " " + Name(Convert.ToUInt64(match.Groups[1].Value, 16)));

    // A boot's result with its log named from the image's kernel.elf (as is
    // when there is no backtrace in it, or no kernel.elf to read). The
    // terminal saw the bare addresses as they came: the named frames follow.
    public static BootResult NameBacktraces(ImageLayout image, BootResult result, TextWriter? echo)
    {
        if (!Frame.IsMatch(result.SerialLog) || !File.Exists(image.Kernel))
            return result;
        KernelSymbols symbols = Load(image.Kernel);
        echo?.WriteLine("launcher: the kernel backtrace, named from " + image.Kernel + ":");
        foreach (Match frame in Frame.Matches(result.SerialLog))
            echo?.WriteLine(frame.Value + " " + symbols.Name(Convert.ToUInt64(frame.Groups[1].Value, 16)));
        return result with { SerialLog = symbols.Annotate(result.SerialLog) };
    }
}
