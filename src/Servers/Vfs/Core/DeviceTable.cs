using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Vfs.Core
{
    // One entry of /dev: a character device served by the driver with this
    // label, as this minor.
    public sealed class DeviceEntry
    {
        public DeviceEntry(string name, string driver, int minor, bool waitForInput, bool clone = false)
        {
            Name = name;
            Driver = driver;
            Minor = minor;
            WaitForInput = waitForInput;
            Clone = clone;
        }

        public string Name { get; }
        public string Driver { get; }
        public int Minor { get; }
        // Reads ask the driver to wait for data (DriverRequest.ReadWait):
        // a terminal's read waits for a line instead of ending at once.
        public bool WaitForInput { get; }
        // Devices with positions (the RAM disk, hello): reads and writes go
        // at the open file's position, which Seek may set. Terminals have
        // none (Seek answers NotSeekable, as lseek on a tty gives ESPIPE).
        public bool Seekable => !WaitForInput;
        // A cloning device (inet's /dev/tcp): each Open asks the driver
        // (DriverRequest.Open), whose answer is a fresh minor that the new
        // open file names from then on; its last Close tells the driver.
        public bool Clone { get; }
    }

    // /dev: VFS's own directory, listing the device table. Drivers are
    // found by label when a device is used (and again after they die), so
    // the table names labels, never endpoints.
    public sealed class DeviceTable
    {
        public const string Directory = "/dev";

        private readonly List<DeviceEntry> _entries = new List<DeviceEntry>();

        public int Count => _entries.Count;

        public DeviceEntry this[int index] => _entries[index];

        public void Add(DeviceEntry entry) => _entries.Add(entry);

        // null, zero and ram are the memory driver's minors 0, 1 and 2
        // (src/Drivers/Char/Memory); the console and the serial line the
        // tty's 0 and 1. Other drivers' devices come from the image
        // (AddListed): /dev/hello is the system image's first.
        public static DeviceTable Standard()
        {
            var table = new DeviceTable();
            table.Add(new DeviceEntry("null", "memory", 0, false));
            table.Add(new DeviceEntry("zero", "memory", 1, false));
            table.Add(new DeviceEntry("ram", "memory", 2, false));
            table.Add(new DeviceEntry("console", "tty", 0, true));
            table.Add(new DeviceEntry("tty00", "tty", 1, true));
            return table;
        }

        // The image's own devices (the build's Minix3Device items, packed as
        // the boot module "devices"): one "name driver minor wait [clone]"
        // line each, wait being true or false, the optional fifth word
        // "clone" marking a cloning device. A malformed line, a name already
        // taken or one past MaxListed is skipped and counted, never fatal:
        // the standard devices stay. Returns how many lines were skipped.
        public const int MaxListed = 32;

        public int AddListed(string text)
        {
            int skipped = 0, added = 0;
            var words = new List<string>();
            int at = 0;
            while (at < text.Length)
            {
                int end = at;
                while (end < text.Length && text[end] != '\n')
                    end++;
                Words(text, at, end, words);
                at = end + 1;
                if (words.Count == 0)
                    continue;
                int minor = words.Count == 4 || words.Count == 5 ? Number(words[2]) : -1;
                bool ok = minor >= 0 && IsName(words[0]) && IsName(words[1]) && (words[3] == "true" || words[3] == "false")
                    && (words.Count == 4 || words[4] == "clone")
                    && Find(Directory + "/" + words[0]) == null && added < MaxListed;
                if (!ok)
                {
                    skipped++;
                    continue;
                }
                Add(new DeviceEntry(words[0], words[1], minor, words[3] == "true", words.Count == 5));
                added++;
            }
            return skipped;
        }

        // The space-separated words of text[from, to), a carriage return
        // counting as a space.
        private static void Words(string text, int from, int to, List<string> words)
        {
            words.Clear();
            int at = from;
            while (at < to)
            {
                while (at < to && (text[at] == ' ' || text[at] == '\r'))
                    at++;
                int start = at;
                while (at < to && text[at] != ' ' && text[at] != '\r')
                    at++;
                if (at > start)
                    words.Add(text.Substring(start, at - start));
            }
        }

        // A decimal number of at most 6 digits, or -1.
        private static int Number(string word)
        {
            if (word.Length == 0 || word.Length > 6)
                return -1;
            int value = 0;
            for (int i = 0; i < word.Length; i++)
            {
                if (word[i] < '0' || word[i] > '9')
                    return -1;
                value = value * 10 + (word[i] - '0');
            }
            return value;
        }

        // A device or driver name: 1..31 of [a-z0-9_-].
        private static bool IsName(string name)
        {
            if (name.Length == 0 || name.Length > 31)
                return false;
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'))
                    return false;
            }
            return true;
        }

        // The device an absolute path names ("/dev/null"), or null.
        public DeviceEntry? Find(string absolute)
        {
            if (!IsInside(absolute))
                return null;
            string name = absolute.Substring(Directory.Length + 1);
            for (int i = 0; i < _entries.Count; i++)
            {
                if (_entries[i].Name == name)
                    return _entries[i];
            }
            return null;
        }

        public static bool IsDirectory(string absolute) => absolute == Directory;

        // "/dev/x": a path inside /dev (deeper paths are not).
        public static bool IsInside(string absolute) =>
            absolute.Length > Directory.Length + 1 && absolute.StartsWith("/dev/") && absolute.IndexOf('/', Directory.Length + 1) < 0;
    }
}
