using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Iced.Intel;
using Minix3.Cosmos.Asm;

namespace Minix3.Cosmos.Unit.Asm;

/// <summary>Disassembly, relocation lookup and external-tool helpers shared by the Asm tests.</summary>
internal static class AsmTestHelpers
{
    /// <summary>Decodes the instructions of a text symbol (its computed size) in the given bitness,
    /// formatted by Iced's NASM formatter, e.g. "movzx edx,di".</summary>
    public static List<string> Disassemble(AssembledObject obj, string symbol, int bitness = 64) =>
        Decode(obj, symbol, bitness).Select(Format).ToList();

    public static List<Instruction> Decode(AssembledObject obj, string symbol, int bitness = 64)
    {
        var s = obj[symbol];
        var bytes = obj.Text.AsSpan((int)s.Offset, (int)s.Size).ToArray();
        var decoder = Decoder.Create(bitness, new ByteArrayCodeReader(bytes));
        decoder.IP = AsmModule.AssumedTextBase + (ulong)s.Offset;
        var result = new List<Instruction>();
        while (decoder.IP < AsmModule.AssumedTextBase + (ulong)(s.Offset + s.Size))
        {
            decoder.Decode(out var instruction);
            if (instruction.IsInvalid)
                throw new InvalidOperationException($"Invalid instruction in {symbol} at {instruction.IP:X}.");
            result.Add(instruction);
        }
        return result;
    }

    public static string Format(Instruction instruction)
    {
        var formatter = new NasmFormatter();
        formatter.Options.HexPrefix = "0x";
        formatter.Options.HexSuffix = "";
        formatter.Options.UppercaseHex = false;
        formatter.Options.SmallHexNumbersInDecimal = false;
        formatter.Options.ShowBranchSize = false;
        formatter.Options.BranchLeadingZeros = false;
        var output = new StringOutput();
        formatter.Format(instruction, output);
        return output.ToStringAndReset();
    }

    /// <summary>The relocation whose field starts at the given text offset.</summary>
    public static Relocation RelocationAt(AssembledObject obj, long offset) =>
        obj.Relocations.Single(r => r.Offset == offset);

    /// <summary>Full path of an executable on PATH, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs a program to completion (killing it after the timeout) and returns its
    /// exit status and combined output.</summary>
    public static (int Status, string Output) Run(string program, IEnumerable<string> arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Cannot start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, $"{program} timed out after {timeout}.\n{stdout.Result}{stderr.Result}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Walks up from the test binaries to the repository root (the folder holding src/Asm).</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "src", "Asm", "Minix3.Cosmos.Asm.csproj")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
