using System.Collections.Generic;
using Minix3.Cosmos.Lib.Posix.Users;

namespace Minix3.Cosmos.Lib.Posix
{
    // The system's account files, read through the user library: who a uid
    // is, a user's account, a password check against /etc/shadow.
    public static class Accounts
    {
        public const string PasswdPath = "/etc/passwd";
        public const string GroupPath = "/etc/group";
        public const string ShadowPath = "/etc/shadow";
        private const int MaxFile = 64 * 1024;

        public static List<Account> ReadAccounts() =>
            AccountFiles.Accounts(WholeFiles.ReadText(PasswdPath, MaxFile, out _) ?? "", out _);

        public static List<Group> ReadGroups() =>
            AccountFiles.Groups(WholeFiles.ReadText(GroupPath, MaxFile, out _) ?? "", out _);

        // A uid's name, or the number itself when no account has it.
        public static string UserName(List<Account> accounts, int uid) =>
            AccountFiles.ByUid(accounts, uid)?.Name ?? uid.ToString();

        public static string GroupName(List<Group> groups, int gid) =>
            AccountFiles.ByGid(groups, gid)?.Name ?? gid.ToString();

        // True when `password` is `name`'s: its shadow hash is a "$6$" one
        // that the password matches. An empty hash (no password) matches
        // the empty password only; "!" and "*" (locked) match nothing.
        // Reading /etc/shadow needs root's read permission: a caller that
        // may not read it gets false.
        public static bool CheckPassword(string name, string password)
        {
            string? shadow = WholeFiles.ReadText(ShadowPath, MaxFile, out _);
            string? hash = shadow == null ? null : AccountFiles.ShadowHash(shadow, name);
            if (hash == null)
                return false;
            if (hash.Length == 0)
                return password.Length == 0;
            return ShaCrypt.Check(password, hash);
        }
    }
}
