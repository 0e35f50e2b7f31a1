// The code under test: a small "build" that works in a project tree. It compiles src/ into out/, records the
// build in build.conf, drops the notes file and moves the sources to their new home, as real tools do.
namespace SnapshotTesting;

public static class CleanBuildTool
{
    public static void Run(string project)
    {
        Directory.CreateDirectory(Path.Combine(project, "out"));
        foreach (var source in Directory.GetFiles(Path.Combine(project, "src"), "*.c"))
            File.WriteAllText(Path.Combine(project, "out", Path.GetFileNameWithoutExtension(source) + ".o"),
                "object of " + File.ReadAllText(source).Length + " bytes\n");
        File.AppendAllText(Path.Combine(project, "build.conf"), "BUILT=yes\n");
        File.Delete(Path.Combine(project, "notes.txt"));
        Directory.Move(Path.Combine(project, "src"), Path.Combine(project, "sources"));
    }
}
