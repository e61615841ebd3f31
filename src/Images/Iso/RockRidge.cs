using System;
using System.Text;

namespace Minix3.Cosmos.Images.Iso;

// The System Use entries (SUSP 1.10, RRIP 1.10) that give host tools and
// Linux the real names and modes. Every entry is: two signature letters,
// its own length, version 1, then its data.
//   root "."        SP (must be first: SUSP in use, skip 0), RR, PX, ER
//   "." and ".."    RR, PX
//   other records   RR, PX, NM (the real name)
// Modes are fixed (files r--r--r--, directories r-xr-xr-x, owner root): the
// image is read-only and its bytes must not depend on the host's umask.
internal static class RockRidge
{
    public const uint FileMode = 0x8000 | 0x124;      // S_IFREG | 0444
    public const uint DirectoryMode = 0x4000 | 0x16D; // S_IFDIR | 0555

    // RRIP 1.10's extension identifier (what Linux and isoinfo recognise).
    public const string ExtensionId = "RRIP_1991A";
    private const string ExtensionDescription = "ROCK RIDGE 1.10: POSIX NAMES AND MODES";
    private const string ExtensionSource = "SEE RRIP 1.10 (IEEE P1282)";

    // RR's bit for each entry kind present in the record (RRIP 1.10 4.1.7).
    private const byte HasPx = 0x01, HasNm = 0x08;

    public static byte[] SharingProtocol() => new byte[] { (byte)'S', (byte)'P', 7, 1, 0xBE, 0xEF, 0 };

    public static byte[] ExtensionsReference()
    {
        byte[] id = Encoding.ASCII.GetBytes(ExtensionId);
        byte[] description = Encoding.ASCII.GetBytes(ExtensionDescription);
        byte[] source = Encoding.ASCII.GetBytes(ExtensionSource);
        var entry = new byte[8 + id.Length + description.Length + source.Length];
        Header(entry, 'E', 'R');
        entry[4] = (byte)id.Length;
        entry[5] = (byte)description.Length;
        entry[6] = (byte)source.Length;
        entry[7] = 1;
        id.CopyTo(entry, 8);
        description.CopyTo(entry, 8 + id.Length);
        source.CopyTo(entry, 8 + id.Length + description.Length);
        return entry;
    }

    // RR and PX for a "." or ".." record; with NM for a named one.
    public static byte[] Entries(uint mode, uint links, string? name)
    {
        byte[] nameBytes = name == null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(name);
        int nameLength = name == null ? 0 : 5 + nameBytes.Length;
        var entries = new byte[5 + 36 + nameLength];
        Header(entries.AsSpan(0, 5), 'R', 'R');
        entries[4] = name == null ? HasPx : (byte)(HasPx | HasNm);
        Span<byte> px = entries.AsSpan(5, 36);
        Header(px, 'P', 'X');
        BothEndian.Write32(px[4..], mode);
        BothEndian.Write32(px[12..], links);
        BothEndian.Write32(px[20..], 0);
        BothEndian.Write32(px[28..], 0);
        if (name != null)
        {
            Span<byte> nm = entries.AsSpan(41);
            Header(nm, 'N', 'M');
            nm[4] = 0;
            nameBytes.CopyTo(nm[5..]);
        }
        return entries;
    }

    private static void Header(Span<byte> entry, char first, char second)
    {
        if (entry.Length > 255)
            throw new IsoFormatException("a Rock Ridge entry longer than 255 bytes");
        entry[0] = (byte)first;
        entry[1] = (byte)second;
        entry[2] = (byte)entry.Length;
        entry[3] = 1;
    }
}
