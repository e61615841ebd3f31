namespace Minix3.Cosmos.Commands.Common;

// The one shape of every diagnostic the commands print, as in POSIX
// utilities: "ls: /nope: No such file or directory".
public static class Messages
{
    public static string About(string command, string subject, string text) => command + ": " + subject + ": " + text + "\n";

    public static string Plain(string command, string text) => command + ": " + text + "\n";

    // A usage error: what was wrong, then how the command is called.
    public static string Usage(string command, string problem, string synopsis) =>
        command + ": " + problem + "\nusage: " + command + " " + synopsis + "\n";

    // "dir/name" without doubling the slash of "/" or "dir/".
    public static string Join(string directory, string name) =>
        directory.Length > 0 && directory[directory.Length - 1] == '/' ? directory + name : directory + "/" + name;

    // The last component of a path ("/a/b/" -> "b"), for cp and mv into a
    // directory.
    public static string BaseName(string path)
    {
        int end = path.Length;
        while (end > 1 && path[end - 1] == '/')
            end--;
        int start = end;
        while (start > 0 && path[start - 1] != '/')
            start--;
        // Only slashes: the root names itself.
        return start == end ? path.Substring(0, end) : path.Substring(start, end - start);
    }
}
