using System.Collections.Generic;

namespace Minix3.Cosmos.Boot.Uefi
{
    // \boot\modules.txt names the boot modules, one a line: "<file> <module-name>"
    // (the file is \boot\<file>; without a name the file's name is the module's).
    // Blank lines and lines starting with '#' are skipped. Each module goes to
    // its own pages below 4 GiB (page aligned, as Multiboot flag bit 0 asks),
    // and its Multiboot string is the module name, as GRUB's `module FILE NAME` gives.
    internal static unsafe class BootModules
    {
        internal const string ListPath = "\\boot\\modules.txt";

        internal static void Load(BootVolume volume, MultibootInfo info)
        {
            string list = ReadText(volume, ListPath, required: true)!;
            int start = 0;
            while (start < list.Length)
            {
                int end = list.IndexOf('\n', start);
                if (end < 0)
                    end = list.Length;
                LoadLine(volume, info, list.Substring(start, end - start));
                start = end + 1;
            }
        }

        // A module the loader writes itself (framebuffer, acpi): one ASCII line.
        internal static void AddText(MultibootInfo info, string name, string line)
        {
            string text = line + "\n";
            byte* pages = PhysicalPages.Allocate((ulong)text.Length, "the " + name + " module");
            for (int i = 0; i < text.Length; i++)
                pages[i] = (byte)text[i];
            info.AddModule((ulong)pages, (ulong)text.Length, name);
        }

        // A small text file as a string (ASCII), or null when it is absent and not required.
        internal static string? ReadText(BootVolume volume, string path, bool required)
        {
            long size = volume.SizeOf(path);
            if (size < 0)
            {
                if (required)
                    Console.Fatal("missing file " + path);
                return null;
            }
            byte* bytes = PhysicalPages.Allocate((ulong)size, path);
            volume.Read(path, bytes, (ulong)size);
            var chars = new char[size];
            for (long i = 0; i < size; i++)
                chars[i] = (char)bytes[i];
            return new string(chars);
        }

        private static void LoadLine(BootVolume volume, MultibootInfo info, string line)
        {
            List<string> words = Words(line);
            if (words.Count == 0 || words[0][0] == '#')
                return;
            string file = words[0], name = words.Count > 1 ? words[1] : words[0];
            string path = "\\boot\\" + file;
            long size = volume.SizeOf(path);
            if (size < 0)
                Console.Fatal("module " + file + " listed in " + ListPath + " is missing (" + path + ")");
            byte* pages = PhysicalPages.Allocate((ulong)size, "module " + file);
            volume.Read(path, pages, (ulong)size);
            info.AddModule((ulong)pages, (ulong)size, name);
        }

        private static List<string> Words(string line)
        {
            var words = new List<string>();
            int i = 0;
            while (i < line.Length)
            {
                while (i < line.Length && IsSpace(line[i]))
                    i++;
                int start = i;
                while (i < line.Length && !IsSpace(line[i]))
                    i++;
                if (i > start)
                    words.Add(line.Substring(start, i - start));
            }
            return words;
        }

        private static bool IsSpace(char c) => c == ' ' || c == '\t' || c == '\r';
    }
}
