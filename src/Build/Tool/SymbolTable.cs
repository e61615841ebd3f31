using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Minix3.Cosmos.Build;

// The symbol table the kernel reads (as a boot module) to name code addresses
// in backtraces. Wire format, little-endian:
//   8 bytes  magic "M3SYMTB1"
//   u32      entry count
//   u32      size of the string area in bytes
//   entries  { u64 address; u32 size; u32 nameOffset } sorted by address
//   strings  NUL-terminated ASCII names, nameOffset counted from their start
// The kernel side is src/Kernel/Diagnostics/SymbolTable.cs.
public static class SymbolTable
{
    public static readonly byte[] Magic = Encoding.ASCII.GetBytes("M3SYMTB1");

    public static byte[] Encode(IReadOnlyList<ElfImage.Symbol> sortedSymbols)
    {
        var strings = new MemoryStream();
        var offsets = new uint[sortedSymbols.Count];
        for (int i = 0; i < sortedSymbols.Count; i++)
        {
            offsets[i] = (uint)strings.Length;
            byte[] name = Encoding.ASCII.GetBytes(sortedSymbols[i].Name);
            strings.Write(name);
            strings.WriteByte(0);
        }
        var output = new MemoryStream();
        var writer = new BinaryWriter(output);
        writer.Write(Magic);
        writer.Write((uint)sortedSymbols.Count);
        writer.Write((uint)strings.Length);
        for (int i = 0; i < sortedSymbols.Count; i++)
        {
            writer.Write(sortedSymbols[i].Address);
            writer.Write((uint)sortedSymbols[i].Size);
            writer.Write(offsets[i]);
        }
        writer.Write(strings.ToArray());
        writer.Flush();
        return output.ToArray();
    }
}
