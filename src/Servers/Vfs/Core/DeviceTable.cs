using System.Collections.Generic;

namespace Minix3.Cosmos.Servers.Vfs.Core
{
    // One entry of /dev: a character device served by the driver with this
    // label, as this minor.
    public sealed class DeviceEntry
    {
        public DeviceEntry(string name, string driver, int minor, bool waitForInput)
        {
            Name = name;
            Driver = driver;
            Minor = minor;
            WaitForInput = waitForInput;
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
        // tty's 0 and 1; hello the example driver's 0 (src/Drivers/Examples/Hello).
        public static DeviceTable Standard()
        {
            var table = new DeviceTable();
            table.Add(new DeviceEntry("null", "memory", 0, false));
            table.Add(new DeviceEntry("zero", "memory", 1, false));
            table.Add(new DeviceEntry("ram", "memory", 2, false));
            table.Add(new DeviceEntry("hello", "hello", 0, false));
            table.Add(new DeviceEntry("console", "tty", 0, true));
            table.Add(new DeviceEntry("tty00", "tty", 1, true));
            return table;
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
