// The admin pages' neutral resources (the .resx beside each page) are Vietnamese; English comes as .en.resx.
[assembly: System.Resources.NeutralResourcesLanguage("vi")]
