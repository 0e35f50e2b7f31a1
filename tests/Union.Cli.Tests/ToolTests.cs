// Everyday tools inside a union mount, each also run on kernel overlayfs over identical layers: the outputs and
// the resulting merged trees must agree, and the tools' own checks (git fsck, tar d, diff, integrity_check) pass.
namespace Union.Cli.Tests;

using System.Text;

[Collection("mounts")]
public class ToolTests
{
    /// <summary>A git repository, a tree of files (modes, a symlink, hard links, an xattr), a database and a text file.</summary>
    private const string Layers = Git + """
        mkdir -p lower/data/sub/deeper lower/mirror
        (cd lower && git init -q -b main origin && cd origin && echo hello > README && mkdir src &&
         echo 'int main(void) { return 0; }' > src/main.c && git add -A && git commit -qm init)
        seq 1 100000 > lower/data/big; echo small > lower/data/small; chmod 640 lower/data/small
        echo x > lower/data/sub/exec; chmod 755 lower/data/sub/exec; echo deep > lower/data/sub/deeper/leaf
        ln -s small lower/data/link; echo h > lower/data/hard1; ln lower/data/hard1 lower/data/hard2
        setfattr -n user.tag -v kept lower/data/small; chmod 700 lower/data/sub/deeper
        echo stale > lower/mirror/small; echo gone > lower/mirror/extra
        sqlite3 lower/db.sqlite 'CREATE TABLE t(x); INSERT INTO t VALUES(1),(2),(3);'
        printf 'one\ntwo\nthree\n' > lower/notes.txt; chmod 640 lower/notes.txt
        """;

    /// <summary>Fixed identities and dates, so commits hash the same in both mounts.</summary>
    private const string Git = """
        export HOME="$PWD" GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.com
        export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.com
        export GIT_AUTHOR_DATE=2020-01-01T00:00:00Z GIT_COMMITTER_DATE=2020-01-01T00:00:00Z

        """;

    private static TwinMounts Mount(Sandbox s)
    {
        Sandbox.RequireFuse();
        return new TwinMounts(s, Layers, ["lower"]);
    }

    /// <summary>
    /// Git's index caches inode numbers and times, which differ between any two trees; a clone's config and reflogs
    /// name the absolute path it came from.
    /// </summary>
    private static void AssertSameTree(TwinMounts twin, params string[] exclude) =>
        twin.AssertSameTree(["*/.git/index", "./clone/.git/config", "./clone/.git/logs/*", .. exclude]);

    [SkippableFact]
    public void Git_init_commit_status_and_clone_of_a_lower_repository()
    {
        using var s = new Sandbox();
        var twin = Mount(s);
        var output = twin.Same(Git + """
            git init -q -b main proj && cd proj && echo a > a && mkdir d && echo b > d/b && git add -A && git commit -qm one
            echo c >> a && git status --porcelain && git commit -qam two && git log --format='%H %s' && git status --porcelain
            cd .. && git clone -q origin clone && cd clone && echo new > new && git add new && git commit -qm three
            git log --format='%H %s' && git status --porcelain && git fsck --no-progress --strict && echo clone-ok
            cd ../origin && echo edit >> README && git commit -qam edited && git gc -q && git fsck --no-progress && git log --oneline | wc -l
            """);
        Assert.Contains("clone-ok", output);
        Assert.Equal("2", output.TrimEnd().Split('\n')[^1]);
        AssertSameTree(twin);
    }

    [SkippableFact]
    public void Tar_create_and_extract_round_trip()
    {
        using var s = new Sandbox();
        var twin = Mount(s);
        // The archive's member order follows readdir, which no filesystem promises: compare names, and one hard link.
        var output = twin.Same("""
            tar cf ../data.tar -C data . && mkdir unpacked && tar xpf ../data.tar -C unpacked --xattrs &&
            tar df ../data.tar -C unpacked && echo same && tar tf ../data.tar | sort && tar tvf ../data.tar | grep -c ' link to '
            """);
        Assert.StartsWith("same\n./\n./big\n./hard1\n./hard2\n", output);
        Assert.EndsWith("\n1\n", output);
        AssertSameTree(twin);
    }

    [SkippableFact]
    public void Cp_a_preserves_modes_times_links_and_xattrs()
    {
        using var s = new Sandbox();
        var twin = Mount(s);
        var output = twin.Same("""
            cp -a data copy && diff -r data copy && echo same-content
            list() { (cd "$1" && find . -mindepth 1 | sort | xargs stat -c '%n %A %s %Y %h %U'); }
            [ "$(list data)" = "$(list copy)" ] && echo same-metadata
            getfattr --absolute-names -n user.tag --only-values copy/small; echo
            """);
        Assert.Equal("same-content\nsame-metadata\nkept\n", output);
        AssertSameTree(twin);
    }

    [SkippableFact]
    public void Rsync_a_into_a_new_and_into_a_lower_directory()
    {
        using var s = new Sandbox();
        var twin = Mount(s);
        var output = twin.Same("""
            rsync -aHX data/ synced/ && diff -r data synced && echo copied
            rsync -aHXi data/ synced/ | wc -l
            echo changed >> data/small && rsync -aHXi data/ synced/ | cut -c1-2 | sort | uniq -c
            rsync -aHX --delete data/ mirror/ && diff -r data mirror && ls mirror | tr '\n' ' '
            """);
        Assert.StartsWith("copied\n0\n", output);
        Assert.DoesNotContain("extra", output);
        AssertSameTree(twin);
    }

    [SkippableFact]
    public void Sqlite_write_transactions_in_wal_mode_from_concurrent_writers()
    {
        using var s = new Sandbox();
        var twin = Mount(s);
        var output = twin.Same("""
            sqlite3 db.sqlite 'PRAGMA journal_mode=WAL;'
            for w in 1 2 3; do (for i in $(seq 1 12); do
                sqlite3 -cmd '.timeout 10000' db.sqlite "BEGIN IMMEDIATE; INSERT INTO t VALUES($w*100+$i); COMMIT;" || echo fail; done) & done; wait
            sqlite3 db.sqlite 'SELECT count(*), sum(x) FROM t; PRAGMA integrity_check;'
            sqlite3 fresh.sqlite 'PRAGMA journal_mode=WAL; CREATE TABLE u(a); BEGIN; INSERT INTO u VALUES(1),(2); COMMIT;
                SELECT sum(a) FROM u; PRAGMA wal_checkpoint(TRUNCATE); PRAGMA integrity_check;'
            """);
        Assert.Equal("wal\n39|7440\nok\nwal\n3\n0|0|0\nok\n", output);
        AssertSameTree(twin, "./db.sqlite*", "./fresh.sqlite*");   // rows landed in a racy order; the queries above agree
    }

    [SkippableFact]
    public void Sed_i_saves_by_rename_and_keeps_the_mode()
    {
        using var s = new Sandbox();
        var twin = Mount(s);
        var output = twin.Same("sed -i 's/two/TWO/' notes.txt && cat notes.txt && stat -c '%a %h %U' notes.txt");
        Assert.Equal("one\nTWO\nthree\n640 1 root\n", output);
        AssertSameTree(twin);
    }

    [SkippableFact]
    public void Editor_save_writes_a_temp_file_fsyncs_and_renames_over()
    {
        using var s = new Sandbox();
        var twin = Mount(s);
        string Save(string mount)
        {
            string target = Path.Combine(mount, "notes.txt"), temp = Path.Combine(mount, ".notes.txt.swp");
            using var before = File.OpenRead(target);
            using (var file = new FileStream(temp, FileMode.CreateNew))
            {
                file.Write("edited\n"u8);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, target, overwrite: true);
            // A reader that opened the old file keeps reading it; a new open sees the saved text.
            var old = new StreamReader(before, Encoding.UTF8).ReadToEnd();
            return old + "|" + File.ReadAllText(target) + "|" + string.Join(",", Directory.GetFiles(mount).Select(Path.GetFileName).Order());
        }
        var kernel = Save(twin.Kernel);
        Assert.Equal(kernel, Save(twin.Union));
        Assert.Equal("one\ntwo\nthree\n|edited\n|db.sqlite,notes.txt", kernel);
        AssertSameTree(twin);
    }
}
