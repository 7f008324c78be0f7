# Tree-sitter grammars from the npm registry, pinned by version and by the SHA-512 that npm
# publishes as `dist.integrity`. Nothing third-party is committed: the tarballs are fetched with
# `npm pack` into the build folder at configure time, verified, unpacked, and compiled here.

set(POLYMIGRATE_GRAMMAR_DIR ${CMAKE_BINARY_DIR}/_grammars)
file(MAKE_DIRECTORY ${POLYMIGRATE_GRAMMAR_DIR})
find_program(NPM_PROGRAM npm REQUIRED)

# fetch_grammar(<package> <version> <sha512-hex>) -> ${POLYMIGRATE_GRAMMAR_DIR}/<package>/
function(fetch_grammar package version sha512)
  set(tarball ${POLYMIGRATE_GRAMMAR_DIR}/${package}-${version}.tgz)
  set(unpacked ${POLYMIGRATE_GRAMMAR_DIR}/${package})
  if(EXISTS ${tarball})
    file(SHA512 ${tarball} have)
    if(NOT have STREQUAL sha512)
      file(REMOVE ${tarball})
    endif()
  endif()
  if(NOT EXISTS ${tarball})
    message(STATUS "Fetching ${package}@${version} with npm pack")
    execute_process(
      COMMAND ${NPM_PROGRAM} pack ${package}@${version} --silent --pack-destination ${POLYMIGRATE_GRAMMAR_DIR}
      WORKING_DIRECTORY ${POLYMIGRATE_GRAMMAR_DIR}
      RESULT_VARIABLE rc OUTPUT_QUIET)
    if(NOT rc EQUAL 0 OR NOT EXISTS ${tarball})
      message(FATAL_ERROR "npm pack ${package}@${version} failed (exit ${rc})")
    endif()
  endif()
  file(SHA512 ${tarball} have)
  if(NOT have STREQUAL sha512)
    file(REMOVE ${tarball})
    message(FATAL_ERROR "Integrity check failed for ${package}@${version}:\n  expected ${sha512}\n  got      ${have}")
  endif()
  if(NOT EXISTS ${unpacked}/.verified-${version})
    file(REMOVE_RECURSE ${unpacked})
    file(MAKE_DIRECTORY ${unpacked})
    execute_process(COMMAND ${CMAKE_COMMAND} -E tar xzf ${tarball} WORKING_DIRECTORY ${unpacked} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "Could not unpack ${tarball}")
    endif()
    file(TOUCH ${unpacked}/.verified-${version})
  endif()
endfunction()

# grammar_library(<target> <src dir>): parser.c + scanner.c as a static library, no -Werror.
function(grammar_library target src_dir)
  add_library(${target} STATIC ${src_dir}/parser.c ${src_dir}/scanner.c)
  target_include_directories(${target} PRIVATE ${src_dir})
  set_target_properties(${target} PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
  target_compile_options(${target} PRIVATE -w)
endfunction()

fetch_grammar(tree-sitter-python 0.23.6
  c8833dcf4a31288c53edb02d3ce860a1597a8135e59a5221b9eee58854f8a013c5fe585aec76b8750052f3602fea130c459a159c5248f0cea62fe4b05a82c3dc)
fetch_grammar(tree-sitter-javascript 0.23.1
  fdb9e16eb4c3f5fad46074138989cf731c87391230d79ec44416ba76acda2b1bd1ff1dcf0b863377e0f5a5920c4baccd836bf76bc059d282bb8c7aac428f5f58)
fetch_grammar(tree-sitter-typescript 0.23.2
  7b4e095142b14d3e77ff1dd4ab5cc82f8e43a182957c71f8099ab081984f839a9844e9799d08d5fbce6bb85cc5199c6ef9078555b4533c3467a8bf546d4e1578)

grammar_library(ts_grammar_python ${POLYMIGRATE_GRAMMAR_DIR}/tree-sitter-python/package/src)
grammar_library(ts_grammar_javascript ${POLYMIGRATE_GRAMMAR_DIR}/tree-sitter-javascript/package/src)
grammar_library(ts_grammar_typescript ${POLYMIGRATE_GRAMMAR_DIR}/tree-sitter-typescript/package/typescript/src)
grammar_library(ts_grammar_tsx ${POLYMIGRATE_GRAMMAR_DIR}/tree-sitter-typescript/package/tsx/src)
