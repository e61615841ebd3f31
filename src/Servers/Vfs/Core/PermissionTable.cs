using System.Collections.Generic;
using System.Text;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Servers.Vfs.Core
{
    // Who owns a file and its mode bits (permissions and the set-uid,
    // set-gid and sticky bits, as in st_mode without the file type).
    public struct FileOwner
    {
        public int Uid, Gid, Mode;

        public FileOwner(int uid, int gid, int mode)
        {
            Uid = uid;
            Gid = gid;
            Mode = mode;
        }

        public bool Equals(FileOwner other) => Uid == other.Uid && Gid == other.Gid && Mode == other.Mode;
    }

    // Owners and modes for a FAT volume, which stores none (the design of
    // Linux's vfat options, plus per-path rules): every path has the
    // mount's defaults (root, root, 0755: vfat's default fmask/dmask of
    // 022) unless a rule names it; a path without a rule of its own takes
    // the owner and group of its nearest ancestor that has one (so what
    // guest makes under /home/guest is guest's) with the default mode.
    // Rules are kept only where they differ from that, so the table stays
    // as small as the exceptions.
    //
    // The table is text, one rule a line: "path uid gid mode" (mode in
    // octal), '#' comments. Paths are absolute and canonical (each name as
    // the volume spells it); FAT compares names ignoring ASCII case, so the
    // table does too.
    public sealed class PermissionTable
    {
        public const int DefaultMode = 0x1ED;       // 0755
        public const int SetUid = 0x800, SetGid = 0x400, Sticky = 0x200;
        public const int ModeMask = 0xFFF;          // 07777

        // Few rules (the exceptions), so a list searched in order; the
        // system's own library has no dictionary key enumeration.
        private readonly List<string> _paths = new List<string>();
        private readonly List<FileOwner> _owners = new List<FileOwner>();

        public int Count => _paths.Count;

        private int Find(string key)
        {
            for (int i = 0; i < _paths.Count; i++)
            {
                if (_paths[i] == key)
                    return i;
            }
            return -1;
        }

        private bool TryGet(string key, out FileOwner owner)
        {
            int at = Find(key);
            owner = at >= 0 ? _owners[at] : default;
            return at >= 0;
        }

        private void Put(string key, FileOwner owner)
        {
            int at = Find(key);
            if (at >= 0)
            {
                _owners[at] = owner;
                return;
            }
            _paths.Add(key);
            _owners.Add(owner);
        }

        private bool Drop(string key)
        {
            int at = Find(key);
            if (at < 0)
                return false;
            _paths.RemoveAt(at);
            _owners.RemoveAt(at);
            return true;
        }

        // Parses the table's text; malformed lines are skipped and counted
        // (a broken rule must not make the whole volume unreadable).
        public static PermissionTable Parse(string text, out int skipped)
        {
            var table = new PermissionTable();
            skipped = 0;
            foreach (List<string> fields in ConfigText.Lines(text))
            {
                if (fields.Count != 4 || fields[0][0] != '/'
                    || !ConfigText.TryDecimal(fields[1], out int uid) || !ConfigText.TryDecimal(fields[2], out int gid) || !TryOctal(fields[3], out int mode))
                {
                    skipped++;
                    continue;
                }
                table.Put(Key(fields[0]), new FileOwner(uid, gid, mode));
            }
            return table;
        }

        public string Format()
        {
            var text = new StringBuilder("# owners and modes of the root file system (path uid gid mode); kept by vfs\n");
            for (int i = 0; i < _paths.Count; i++)
            {
                FileOwner owner = _owners[i];
                text.Append(_paths[i]).Append(' ').Append(owner.Uid.ToString()).Append(' ').Append(owner.Gid.ToString())
                    .Append(' ').Append(Octal(owner.Mode)).Append('\n');
            }
            return text.ToString();
        }

        // The owner and mode of a canonical absolute path.
        public FileOwner Of(string path)
        {
            string key = Key(path);
            if (TryGet(key, out FileOwner own))
                return own;
            FileOwner inherited = Inherited(key);
            return new FileOwner(inherited.Uid, inherited.Gid, DefaultMode);
        }

        // Records what a path is now (a new file's creator, chmod, chown);
        // a rule equal to what the path would have anyway is dropped.
        public void Set(string path, FileOwner owner)
        {
            string key = Key(path);
            FileOwner inherited = Inherited(key);
            if (owner.Equals(new FileOwner(inherited.Uid, inherited.Gid, DefaultMode)))
                Drop(key);
            else
                Put(key, owner);
        }

        // A path is gone: its rule and every rule below it.
        public bool Remove(string path)
        {
            string key = Key(path);
            bool changed = Drop(key);
            foreach (string below in Below(key))
                changed |= Drop(below);
            return changed;
        }

        // A path is renamed: its rules move with it (each keeping what it
        // had, even where the new place would give something else).
        public bool Rename(string from, string to)
        {
            string source = Key(from), target = Key(to);
            var moved = new List<KeyValuePair<string, FileOwner>>();
            FileOwner own = Of(from);
            foreach (string below in Below(source))
            {
                TryGet(below, out FileOwner rule);
                moved.Add(new KeyValuePair<string, FileOwner>(string.Concat(target, below.Substring(source.Length)), rule));
                Drop(below);
            }
            Drop(source);
            Remove(target);
            Set(to, own);
            foreach (var rule in moved)
                Put(rule.Key, rule.Value);
            return true;
        }

        private FileOwner Inherited(string key)
        {
            string at = key;
            while (at.Length > 1)
            {
                int slash = at.Length - 1;
                while (slash > 0 && at[slash] != '/')
                    slash--;
                at = slash <= 0 ? "/" : at.Substring(0, slash);
                if (TryGet(at, out FileOwner own))
                    return own;
            }
            return new FileOwner(0, 0, DefaultMode);
        }

        private List<string> Below(string key)
        {
            string prefix = key == "/" ? "/" : string.Concat(key, "/");
            var found = new List<string>();
            foreach (string candidate in _paths)
            {
                if (candidate.Length > prefix.Length && candidate.Substring(0, prefix.Length) == prefix)
                    found.Add(candidate);
            }
            return found;
        }

        // ASCII case folded, trailing slash dropped.
        private static string Key(string path)
        {
            var key = new StringBuilder(path.Length);
            for (int i = 0; i < path.Length; i++)
            {
                char c = path[i];
                key.Append(c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
            }
            while (key.Length > 1 && key[key.Length - 1] == '/')
                key.Length--;
            return key.ToString();
        }

        public static bool TryOctal(string text, out int value)
        {
            value = 0;
            if (text.Length == 0 || text.Length > 5)
                return false;
            foreach (char c in text)
            {
                if (c < '0' || c > '7')
                    return false;
                value = value * 8 + (c - '0');
            }
            return value <= ModeMask;
        }

        public static string Octal(int mode)
        {
            var digits = new char[4];
            for (int i = 3; i >= 0; i--)
            {
                digits[i] = (char)('0' + (mode & 7));
                mode >>= 3;
            }
            return new string(digits);
        }
    }
}
