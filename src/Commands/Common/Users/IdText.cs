using System.Collections.Generic;
using Minix3.Cosmos.Lib.Posix.Users;

namespace Minix3.Cosmos.Commands.Common;

// id's line: "uid=1000(guest) gid=1000(guest) groups=1000(guest)", with
// euid= and egid= when the effective ids differ from the real ones (a
// set-user-id program), as POSIX id prints it. An id without an account
// shows as its number alone.
public static class IdText
{
    public static string Format(int uid, int gid, int euid, int egid, List<Account> accounts, List<Group> groups, string? userName)
    {
        var text = new System.Text.StringBuilder();
        text.Append("uid=").Append(Named(uid, AccountFiles.ByUid(accounts, uid)?.Name));
        text.Append(" gid=").Append(Named(gid, AccountFiles.ByGid(groups, gid)?.Name));
        if (euid != uid)
            text.Append(" euid=").Append(Named(euid, AccountFiles.ByUid(accounts, euid)?.Name));
        if (egid != gid)
            text.Append(" egid=").Append(Named(egid, AccountFiles.ByGid(groups, egid)?.Name));
        text.Append(" groups=").Append(Named(gid, AccountFiles.ByGid(groups, gid)?.Name));
        if (userName != null)
        {
            foreach (Group group in groups)
            {
                if (group.Gid == gid)
                    continue;
                foreach (string member in group.Members)
                {
                    if (member == userName)
                    {
                        text.Append(',').Append(Named(group.Gid, group.Name));
                        break;
                    }
                }
            }
        }
        return text.ToString();
    }

    private static string Named(int id, string? name) => name == null ? id.ToString() : id.ToString() + "(" + name + ")";
}
