# Sourced by the e2e scripts that read exports with graphology: installs the pinned npm
# packages once into the build tree (BUILD/tests/npm, next to the test's WORK) and sets
# npm_dir. The marker is written only after a full install.
# usage: . tests/e2e/npm.sh WORK
npm_dir=$(dirname "$1")/npm
pkgs=(graphology@0.26.0 graphology-graphml@0.5.2 graphology-gexf@0.13.2)
marker="$npm_dir/.installed-$(echo "${pkgs[*]}" | tr ' @' '_-')"
if [ ! -e "$marker" ]; then
    rm -rf "$npm_dir"
    mkdir -p "$npm_dir"
    echo "e2e: npm install ${pkgs[*]} into $npm_dir" >&2
    npm install --prefix "$npm_dir" --no-audit --no-fund --loglevel=error "${pkgs[@]}" >&2 || {
        echo "e2e: npm install failed" >&2
        exit 1
    }
    touch "$marker"
fi
