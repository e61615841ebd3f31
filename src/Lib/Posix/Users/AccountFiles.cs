using System.Collections.Generic;

namespace Minix3.Cosmos.Lib.Posix.Users
{
    // One line of /etc/passwd: name:password:uid:gid:comment:home:shell.
    // The password field is "x" when the hash is in /etc/shadow.
    public sealed class Account
    {
        public Account(string name, int uid, int gid, string comment, string home, string shell)
        {
            Name = name;
            Uid = uid;
            Gid = gid;
            Comment = comment;
            Home = home;
            Shell = shell;
        }

        public string Name { get; }
        public int Uid { get; }
        public int Gid { get; }
        public string Comment { get; }
        public string Home { get; }
        public string Shell { get; }
    }

    // One line of /etc/group: name:password:gid:member,member,...
    public sealed class Group
    {
        public Group(string name, int gid, string[] members)
        {
            Name = name;
            Gid = gid;
            Members = members;
        }

        public string Name { get; }
        public int Gid { get; }
        public string[] Members { get; }
    }

    // The account files in the format every Unix uses (passwd(5),
    // group(5), shadow(5)), read from their text. A line that does not
    // parse is skipped and counted (Malformed), never guessed at: a
    // damaged line must not become an account. Comments (#) and blank
    // lines are allowed.
    public static class AccountFiles
    {
        public const int MaxId = 65535;

        public static List<Account> Accounts(string text, out int malformed)
        {
            var accounts = new List<Account>();
            malformed = 0;
            foreach (string[] fields in Lines(text, 7, ref malformed))
            {
                if (fields[0].Length == 0 || !TryId(fields[2], out int uid) || !TryId(fields[3], out int gid))
                {
                    malformed++;
                    continue;
                }
                accounts.Add(new Account(fields[0], uid, gid, fields[4], fields[5], fields[6]));
            }
            return accounts;
        }

        public static List<Group> Groups(string text, out int malformed)
        {
            var groups = new List<Group>();
            malformed = 0;
            foreach (string[] fields in Lines(text, 4, ref malformed))
            {
                if (fields[0].Length == 0 || !TryId(fields[2], out int gid))
                {
                    malformed++;
                    continue;
                }
                groups.Add(new Group(fields[0], gid, fields[3].Length == 0 ? new string[0] : Split(fields[3], ',')));
            }
            return groups;
        }

        // The hash /etc/shadow holds for `name`; null when it has no line
        // (or only malformed ones). "" is an account without a password;
        // "!" or "*" one that cannot log in with any.
        public static string? ShadowHash(string text, string name)
        {
            int malformed = 0;
            foreach (string[] fields in Lines(text, 2, ref malformed))
            {
                if (fields[0] == name)
                    return fields[1];
            }
            return null;
        }

        // The shadow text with `name`'s hash replaced (the other fields and
        // lines as they were); null when `name` has no line.
        public static string? WithShadowHash(string text, string name, string hash)
        {
            string[] lines = Split(text, '\n');
            bool found = false;
            for (int i = 0; i < lines.Length; i++)
            {
                string[] fields = Split(lines[i], ':');
                if (fields.Length < 2 || fields[0] != name)
                    continue;
                fields[1] = hash;
                lines[i] = Join(fields, ':');
                found = true;
            }
            return found ? Join(lines, '\n') : null;
        }

        public static Account? ByName(List<Account> accounts, string name)
        {
            for (int i = 0; i < accounts.Count; i++)
            {
                if (accounts[i].Name == name)
                    return accounts[i];
            }
            return null;
        }

        public static Account? ByUid(List<Account> accounts, int uid)
        {
            for (int i = 0; i < accounts.Count; i++)
            {
                if (accounts[i].Uid == uid)
                    return accounts[i];
            }
            return null;
        }

        public static Group? ByGid(List<Group> groups, int gid)
        {
            for (int i = 0; i < groups.Count; i++)
            {
                if (groups[i].Gid == gid)
                    return groups[i];
            }
            return null;
        }

        // The fields of every line that is neither blank nor a comment; a
        // line with fewer than `fields` fields is counted as malformed
        // (shadow lines may carry more, which are kept unread).
        private static List<string[]> Lines(string text, int fields, ref int malformed)
        {
            var result = new List<string[]>();
            foreach (string raw in Split(text, '\n'))
            {
                string line = raw.EndsWith("\r") ? raw.Substring(0, raw.Length - 1) : raw;
                if (line.Length == 0 || line[0] == '#')
                    continue;
                string[] parts = Split(line, ':');
                if (parts.Length < fields || (fields > 2 && parts.Length != fields))
                {
                    malformed++;
                    continue;
                }
                result.Add(parts);
            }
            return result;
        }

        private static bool TryId(string text, out int id)
        {
            id = 0;
            if (text.Length == 0 || text.Length > 5)
                return false;
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] < '0' || text[i] > '9')
                    return false;
                id = id * 10 + (text[i] - '0');
            }
            return id <= MaxId;
        }

        private static string[] Split(string text, char separator)
        {
            var parts = new List<string>();
            int start = 0;
            for (int i = 0; i <= text.Length; i++)
            {
                if (i == text.Length || text[i] == separator)
                {
                    parts.Add(text.Substring(start, i - start));
                    start = i + 1;
                }
            }
            return parts.ToArray();
        }

        private static string Join(string[] parts, char separator)
        {
            var text = new System.Text.StringBuilder();
            for (int i = 0; i < parts.Length; i++)
            {
                if (i > 0)
                    text.Append(separator);
                text.Append(parts[i]);
            }
            return text.ToString();
        }
    }
}
