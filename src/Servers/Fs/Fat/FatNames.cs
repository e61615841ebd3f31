using System;
using System.Text;

namespace Minix3.Cosmos.Servers.Fs.Fat
{
    // Name rules: validating long names, deciding whether a name fits 8.3,
    // building and displaying 11-byte short names, the LFN checksum, and the
    // ASCII case folding FAT lookups use (the corelib has no culture tables).
    internal static class FatNames
    {
        public const int MaxLongName = 255;

        public static char Upper(char c) => c >= 'a' && c <= 'z' ? (char)(c - 32) : c;

        public static char Lower(char c) => c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;

        public static bool EqualsIgnoreCase(string a, string b)
        {
            if (a.Length != b.Length)
                return false;
            for (int i = 0; i < a.Length; i++)
            {
                if (Upper(a[i]) != Upper(b[i]))
                    return false;
            }
            return true;
        }

        // A name a client may create: not empty, not . or .., no characters
        // FAT forbids, no trailing dot or space (Windows would strip them).
        public static FsError Validate(string name)
        {
            if (name.Length == 0 || name == "." || name == "..")
                return FsError.InvalidName;
            if (name.Length > MaxLongName)
                return FsError.NameTooLong;
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (c < 0x20 || c == '"' || c == '*' || c == '/' || c == ':' || c == '<' || c == '>'
                    || c == '?' || c == '\\' || c == '|' || c == 0x7F)
                    return FsError.InvalidName;
            }
            char last = name[name.Length - 1];
            return last == '.' || last == ' ' ? FsError.InvalidName : FsError.None;
        }

        private static bool IsShortChar(char c) =>
            (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '$' || c == '%' || c == '\'' || c == '-'
            || c == '_' || c == '@' || c == '~' || c == '`' || c == '!' || c == '(' || c == ')' || c == '{'
            || c == '}' || c == '^' || c == '#' || c == '&';

        // The 11-byte short name if `name` is already an upper-case 8.3 name
        // (then no long-name entries are needed), else null.
        public static byte[]? ExactShortName(string name)
        {
            int dot = name.IndexOf('.');
            string stem = dot < 0 ? name : name.Substring(0, dot);
            string ext = dot < 0 ? "" : name.Substring(dot + 1);
            if (stem.Length == 0 || stem.Length > 8 || ext.Length > 3 || ext.IndexOf('.') >= 0 || (dot >= 0 && ext.Length == 0))
                return null;
            var raw = new byte[11];
            for (int i = 0; i < 11; i++)
                raw[i] = (byte)' ';
            for (int i = 0; i < stem.Length; i++)
            {
                if (!IsShortChar(stem[i])) return null;
                raw[i] = (byte)stem[i];
            }
            for (int i = 0; i < ext.Length; i++)
            {
                if (!IsShortChar(ext[i])) return null;
                raw[8 + i] = (byte)ext[i];
            }
            return raw;
        }

        // The short-name basis of a long name without its ~N tail: upper-cased,
        // characters that are not allowed become '_', spaces and dots dropped.
        public static void Basis(string name, out string stem, out string ext)
        {
            int lastDot = name.Length - 1;
            while (lastDot >= 0 && name[lastDot] != '.') lastDot--;
            if (lastDot == 0) lastDot = -1;     // ".profile": all stem
            var s = new StringBuilder();
            var e = new StringBuilder();
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (c == ' ' || (c == '.' && i != lastDot) || i == lastDot)
                    continue;
                char u = Upper(c);
                char mapped = IsShortChar(u) ? u : '_';
                if (lastDot >= 0 && i > lastDot) { if (e.Length < 3) e.Append(mapped); }
                else if (s.Length < 8) s.Append(mapped);
            }
            stem = s.Length == 0 ? "_" : s.ToString();
            ext = e.ToString();
        }

        // "STEM~N.EXT" as 11 bytes, the stem cut so that stem + "~N" fits 8.
        public static byte[] WithTail(string stem, string ext, int n)
        {
            string tail = "~" + n.ToString();
            int keep = Math.Min(stem.Length, 8 - tail.Length);
            string full = stem.Substring(0, keep) + tail;
            var raw = new byte[11];
            for (int i = 0; i < 11; i++) raw[i] = (byte)' ';
            for (int i = 0; i < full.Length; i++) raw[i] = (byte)full[i];
            for (int i = 0; i < ext.Length; i++) raw[8 + i] = (byte)ext[i];
            return raw;
        }

        // How a short entry is shown: "NAME.EXT", honouring the lower-case
        // flags Windows NT and Linux set (byte 12) instead of writing an LFN.
        public static string Display(ReadOnlySpan<byte> entry)
        {
            bool lowerStem = (entry[12] & 0x08) != 0;
            bool lowerExt = (entry[12] & 0x10) != 0;
            var sb = new StringBuilder();
            int stemEnd = 8;
            while (stemEnd > 0 && entry[stemEnd - 1] == ' ') stemEnd--;
            for (int i = 0; i < stemEnd; i++)
            {
                char c = (char)(i == 0 && entry[0] == 0x05 ? 0xE5 : entry[i]);
                sb.Append(lowerStem ? Lower(c) : c);
            }
            int extEnd = 11;
            while (extEnd > 8 && entry[extEnd - 1] == ' ') extEnd--;
            if (extEnd > 8)
            {
                sb.Append('.');
                for (int i = 8; i < extEnd; i++)
                    sb.Append(lowerExt ? Lower((char)entry[i]) : (char)entry[i]);
            }
            return sb.ToString();
        }

        public static bool SameShortName(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        {
            for (int i = 0; i < 11; i++)
            {
                if (a[i] != b[i]) return false;
            }
            return true;
        }

        // The checksum each long-name entry carries of its short entry's name.
        public static byte Checksum(ReadOnlySpan<byte> shortName)
        {
            byte sum = 0;
            for (int i = 0; i < 11; i++)
                sum = (byte)((((sum & 1) << 7) | (sum >> 1)) + shortName[i]);
            return sum;
        }
    }
}
