using System.Collections.Generic;
using System.Text;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Vfs.Core
{
    // Path normalisation: a caller's path, relative to its working directory
    // or absolute, becomes one absolute path without ".", ".." or repeated
    // slashes ("/" above the root stays "/", as in POSIX). The result is
    // what FS and the /dev table are asked about.
    public static class PathNames
    {
        public static int Resolve(string workingDirectory, string path, out string absolute)
        {
            absolute = "";
            if (path.Length == 0)
                return FileSystemStatus.NotFound;
            if (path.Length > FileSystemLimits.MaxPathLength)
                return FileSystemStatus.PathTooLong;
            var parts = new List<string>();
            if (path[0] != '/')
                Split(workingDirectory, parts);
            Split(path, parts);
            if (parts.Count == 1 && parts[0] == null)
                return FileSystemStatus.InvalidName;
            var text = new StringBuilder();
            for (int i = 0; i < parts.Count; i++)
            {
                if (parts[i] == null)
                    return FileSystemStatus.InvalidName;
                text.Append('/');
                text.Append(parts[i]);
            }
            absolute = text.Length == 0 ? "/" : text.ToString();
            return absolute.Length > FileSystemLimits.MaxPathLength ? FileSystemStatus.PathTooLong : Status.Ok;
        }

        // The last component's parent ("/" for "/x") and name ("" for "/").
        public static string Parent(string absolute)
        {
            int slash = LastSlash(absolute);
            return slash <= 0 ? "/" : absolute.Substring(0, slash);
        }

        public static string Name(string absolute) => absolute.Substring(LastSlash(absolute) + 1);

        // A directory's absolute path and a name in it.
        public static string Join(string directory, string name) => directory == "/" ? string.Concat("/", name) : string.Concat(directory, "/", name);

        private static int LastSlash(string text)
        {
            for (int i = text.Length - 1; i >= 0; i--)
            {
                if (text[i] == '/')
                    return i;
            }
            return -1;
        }

        // Appends path's components to parts, applying "." and "..". A
        // component holding a NUL is added as null (an invalid name).
        private static void Split(string path, List<string> parts)
        {
            int start = 0;
            while (start <= path.Length)
            {
                int end = start;
                while (end < path.Length && path[end] != '/')
                    end++;
                if (end > start)
                {
                    string part = path.Substring(start, end - start);
                    if (part == "..")
                    {
                        if (parts.Count > 0)
                            parts.RemoveAt(parts.Count - 1);
                    }
                    else if (part != ".")
                    {
                        parts.Add(part.IndexOf('\0') >= 0 ? null! : part);
                    }
                }
                start = end + 1;
            }
        }
    }
}
